import { CompiledQuery } from 'kysely';
import type { KyselyPlugin, QueryId, RootOperationNode } from 'kysely';
import type { Kysely } from '@pustaka/kit/db';
import type { DiscoveryTables } from '../src/discovery.tables.ts';

/** The `EXPLAIN` of every statement `run` sends, as the repository sends it (same SQL, same parameters). */
export async function plansOf(db: Kysely<DiscoveryTables>, run: (db: Kysely<DiscoveryTables>) => Promise<unknown>): Promise<string> {
  const sent: Array<{ node: RootOperationNode; queryId: QueryId }> = [];
  const recorder: KyselyPlugin = {
    transformQuery: (args) => {
      sent.push(args);
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  await run(db.withPlugin(recorder));
  const lines: string[] = [];
  for (const { node, queryId } of sent) {
    const compiled = db.getExecutor().compileQuery(node, queryId);
    const result = await db.executeQuery<Record<string, string>>(CompiledQuery.raw(`explain ${compiled.sql}`, [...compiled.parameters]));
    lines.push(...result.rows.map((row) => Object.values(row)[0]!));
  }
  return lines.join('\n');
}
