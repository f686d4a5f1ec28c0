import { Kysely, PGliteDialect, sql } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { PGLITE_EXTENSIONS } from '../db/open-database.ts';
import type { Database } from '../db/open-database.ts';
import type { Migration } from '../db/migrate.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { capturingDialect } from './capturing-dialect.ts';
import type { SqlSample, SqlSamples } from './sql-samples.ts';

/** The statements one sample sent, in order, as compiled: placeholders (`$1`), never values. */
export interface CapturedSample {
  name: string;
  statements: string[];
}

export interface SqlCapture {
  /** Runs every sample of `samples` and returns what each sent; `label` names them in errors. */
  capture(samples: SqlSamples, label: string): Promise<CapturedSample[]>;
  close(): Promise<void>;
}

/**
 * One in-memory PGlite for a whole run (starting one takes seconds): each schema is migrated
 * the first time samples name it, and every sample runs in a transaction rolled back afterwards.
 *
 * @example
 *   const capture = await openSqlCapture();
 *   try {
 *     const captured = await capture.capture(samples, 'reservations.repository.sql-samples.ts');
 *   } finally {
 *     await capture.close();
 *   }
 */
export async function openSqlCapture(): Promise<SqlCapture> {
  const pglite = await PGlite.create({ extensions: PGLITE_EXTENSIONS });
  // Migrations run through the ordinary dialect; destroying it closes the instance.
  const migrationRoot = new Kysely<any>({ dialect: new PGliteDialect({ pglite }) });
  const migrationDatabase = databaseOver(migrationRoot, 'pglite');
  const migrated = new Map<string, Record<string, Migration>>();

  let recording: string[] | undefined;
  const root = new Kysely<any>({ dialect: capturingDialect(pglite, (statement) => recording?.push(statement)) });
  // PostgreSQL, not PGlite: kit functions that branch on the kind must take the server's path.
  const database = databaseOver(root, 'postgres');

  const migrate = async (schema: string, migrations: Record<string, Migration>, label: string) => {
    const done = migrated.get(schema);
    if (done === undefined) {
      await migrateToLatest(migrationDatabase, schema, migrations);
      migrated.set(schema, migrations);
    } else if (!sameMigrations(done, migrations)) {
      throw new Error(`${label}: schema "${schema}" was already migrated with other migrations; give these samples a schema of their own`);
    }
  };

  const runSample = async (samples: SqlSamples, sample: SqlSample<any>): Promise<string[]> => {
    const db = root.withSchema(samples.schema);
    await pglite.exec('begin');
    try {
      await samples.seed?.(db);
      recording = [];
      await sample.run(db, database);
      return recording;
    } finally {
      recording = undefined;
      await pglite.exec('rollback');
    }
  };

  return {
    capture: async (samples, label) => {
      await migrate(samples.schema, samples.migrations, label);
      const captured: CapturedSample[] = [];
      for (const sample of samples.samples) {
        const statements = await runSample(samples, sample).catch((error: unknown) => {
          throw new Error(`${label}: sample "${sample.name}" failed`, { cause: error });
        });
        if (statements.length === 0) throw new Error(`${label}: sample "${sample.name}" sent no SQL`);
        captured.push({ name: sample.name, statements });
      }
      return captured;
    },
    close: async () => {
      await root.destroy();
      await migrationRoot.destroy();
    },
  };
}

function databaseOver(root: Kysely<any>, kind: Database['kind']): Database {
  return {
    kind,
    root,
    ping: async () => {
      await sql`select 1`.execute(root);
    },
    close: async () => {},
  };
}

function sameMigrations(a: Record<string, Migration>, b: Record<string, Migration>): boolean {
  const names = Object.keys(a);
  return names.length === Object.keys(b).length && names.every((name) => a[name] === b[name]);
}
