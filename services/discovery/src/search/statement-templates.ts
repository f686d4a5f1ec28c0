import type { CompiledQuery, Compilable, Kysely } from 'kysely';

/** Stands for an input while a template is compiled: a string no input holds (it starts with NUL). */
const SLOT = '\u0000slot:';

interface Template {
  compiled: CompiledQuery;
  /** For each parameter of the compiled SQL, the input it takes, or `undefined` for a constant. */
  slots: Array<string | undefined>;
}

type Inputs = object;

/**
 * A statement built with the query builder but compiled once per database handle and shape, then
 * sent with each call's values in the places its inputs took: building and compiling the search's
 * statement (and the schema plugin walking all of it) cost the process about as much as the
 * database's whole answer, on every search. `build` gets each input as a placeholder string while
 * the template is learnt, so it must only pass inputs to the builder as values (never compute with
 * them); what changes the statement's text goes in `fixed` (passed as it is), and an input left
 * out (undefined) makes another shape too: a template is learnt per `fixed` and inputs given.
 *
 * A handle's first call of a shape is built and sent as it is, so a plugin (a plan test recording
 * what is sent) sees the real statement; the template is learnt from its second.
 *
 * @example
 *   const countTitled = templated((db: DiscoveryDb, fixed: { exact: boolean }, { title }: { title: string }) =>
 *     db.selectFrom('documents').select(sql<number>`count(*)::int`.as('n')).where('title', fixed.exact ? '=' : 'ilike', title));
 *   await countTitled(ctx.db, { exact: true }, { title: 'Laskar Pelangi' });
 */
export function templated<Db extends Kysely<any>, F, I extends Inputs, Row>(build: (db: Db, fixed: F, inputs: I) => Compilable<Row>) {
  const learnt = new WeakMap<Db, Map<string, Template | 'seen'>>();
  return async (db: Db, fixed: F, given: I): Promise<Row[]> => {
    const inputs = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)) as I;
    const shape = `${JSON.stringify(fixed)} ${Object.keys(inputs).join(',')}`;
    let shapes = learnt.get(db);
    if (!shapes) learnt.set(db, (shapes = new Map()));
    const template = shapes.get(shape);
    if (template === undefined || template === 'seen') {
      if (template === 'seen')
        shapes.set(
          shape,
          learn((placeholders: I) => build(db, fixed, placeholders), Object.keys(inputs)),
        );
      else shapes.set(shape, 'seen');
      return (await db.executeQuery(build(db, fixed, inputs))).rows;
    }
    const parameters = template.compiled.parameters.map((constant, i) => {
      const slot = template.slots[i];
      return slot === undefined ? constant : (inputs as Record<string, unknown>)[slot];
    });
    return (await db.executeQuery<Row>({ ...template.compiled, parameters } as CompiledQuery<Row>)).rows;
  };
}

function learn<I extends Inputs>(build: (inputs: I) => Compilable<unknown>, names: string[]): Template {
  const placeholders = Object.fromEntries(names.map((name) => [name, `${SLOT}${name}`])) as I;
  const compiled = build(placeholders).compile();
  const slots = compiled.parameters.map((parameter) =>
    typeof parameter === 'string' && parameter.startsWith(SLOT) ? parameter.slice(SLOT.length) : undefined,
  );
  const unplaced = names.filter((name) => !slots.includes(name));
  if (unplaced.length > 0) throw new Error(`a statement template lost its inputs ${unplaced.join(', ')}: build must pass them as values`);
  return { compiled, slots };
}
