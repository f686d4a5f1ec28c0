/** What the ticketing API said went wrong, as a sentence for the member: `describe(error)`. */
export function useBoxOfficeProblem() {
  const { t } = useI18n();
  return (error: unknown): string => {
    const problem = problemOf(error);
    if (problem.status === 401) return t('boxOffice.problem.UNAUTHORIZED');
    if (!BOX_OFFICE_PROBLEM_CODES.has(problem.code)) return t('common.error', { detail: problem.detail ?? problem.title });
    const extensions = problemExtensions(error);
    const seatIds = Array.isArray(extensions.seatIds) ? (extensions.seatIds as string[]) : [];
    return t(`boxOffice.problem.${problem.code}`, {
      seats: seatIds.join(', '),
      limit: Number(extensions.limit ?? 0),
      remaining: Number(extensions.remaining ?? 0),
    });
  };
}
