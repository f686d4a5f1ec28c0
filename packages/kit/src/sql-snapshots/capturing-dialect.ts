import { PGliteAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import type { CompiledQuery, DatabaseConnection, Dialect, Driver, Kysely, QueryResult, TransactionSettings } from 'kysely';
import type { PGlite } from '@electric-sql/pglite';

/** Receives each statement as PostgreSQL would get it from Kysely's `pg` driver. */
export type StatementRecorder = (sql: string) => void;

/**
 * A Kysely dialect over a PGlite instance that tells `record` every statement it sends, and runs
 * each Kysely transaction as a savepoint: the caller holds one real transaction around a sample
 * and rolls it back, whatever the sample commits. `begin`/`commit`/`rollback` are recorded as the
 * `pg` driver sends them, so a snapshot shows which statements share a transaction.
 */
export function capturingDialect(pglite: PGlite, record: StatementRecorder): Dialect {
  return {
    createAdapter: () => new PGliteAdapter(),
    createDriver: () => new CapturingDriver(pglite, record),
    createIntrospector: (db: Kysely<any>) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
}

class CapturingDriver implements Driver {
  readonly #pglite: PGlite;
  readonly #record: StatementRecorder;
  readonly #connection: DatabaseConnection;
  #depth = 0;

  constructor(pglite: PGlite, record: StatementRecorder) {
    this.#pglite = pglite;
    this.#record = record;
    this.#connection = {
      executeQuery: async <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
        record(query.sql);
        const { rows, affectedRows } = await pglite.query<R>(query.sql, [...query.parameters], { rowMode: 'object' });
        return { rows, numAffectedRows: affectedRows === undefined ? undefined : BigInt(affectedRows) };
      },
      streamQuery: () => {
        throw new Error('Streaming is not supported while capturing SQL');
      },
    };
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return this.#connection;
  }

  async releaseConnection(): Promise<void> {}

  async beginTransaction(_connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    this.#record(beginStatement(settings));
    this.#depth += 1;
    await this.#pglite.exec(`savepoint ${this.#savepoint()}`);
  }

  async commitTransaction(): Promise<void> {
    this.#record('commit');
    await this.#pglite.exec(`release savepoint ${this.#savepoint()}`);
    this.#depth -= 1;
  }

  async rollbackTransaction(): Promise<void> {
    this.#record('rollback');
    await this.#pglite.exec(`rollback to savepoint ${this.#savepoint()}; release savepoint ${this.#savepoint()}`);
    this.#depth -= 1;
  }

  // The PGlite instance belongs to whoever made the dialect.
  async destroy(): Promise<void> {}

  #savepoint(): string {
    return `captured_transaction_${this.#depth}`;
  }
}

/** What Kysely's PostgreSQL driver sends to open a transaction with these settings. */
function beginStatement(settings: TransactionSettings): string {
  if (!settings.isolationLevel && !settings.accessMode) return 'begin';
  return ['start transaction', settings.isolationLevel && `isolation level ${settings.isolationLevel}`, settings.accessMode].filter(Boolean).join(' ');
}
