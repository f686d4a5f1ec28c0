export * from './schedule-job.ts';
