import type { Seat, SeatMap, SeatsChanged } from '../types/ticketing.ts';

/**
 * How one seat looks, one character per seat of a row: free, selected (by this visitor, not held
 * yet), held or booked by someone else, held or booked by the visitor, blocked.
 */
export type SeatCode = 'f' | 's' | 'h' | 'b' | 'H' | 'B' | 'x';

export interface SeatRowModel {
  label: string;
  section: string;
  /** The row's seats in map order; plain objects, their status changed in place. */
  seats: Seat[];
}

export interface SeatSectionModel {
  name: string;
  /** The section's prices (usually one). */
  prices: number[];
  rows: SeatRowModel[];
}

interface SeatPlace {
  seat: Seat;
  row: SeatRowModel;
  index: number;
}

/**
 * A seat map that stays quick at 5,000 seats: the seats are plain objects outside Vue's
 * reactivity, and each row's look is one string in a shallow record keyed by row. A click or a
 * live change rewrites the strings of the rows it touched, so only those rows render again; the
 * other rows, and the map around them, are left alone.
 */
export function createSeatMapState() {
  const sections = shallowRef<SeatSectionModel[]>([]);
  /** Row label → one SeatCode per seat. */
  const codes = shallowReactive<Record<string, string>>({});
  /** Row label → the index of the seat that takes Tab focus (a roving tabindex: one stop for the map). */
  const focusable = shallowReactive<Record<string, number>>({});
  const selected = shallowRef<ReadonlySet<string>>(new Set());
  /** Seats anyone may take now. */
  const free = ref(0);
  const places = new Map<string, SeatPlace>();
  /** Seats the visitor's own request is taking right now: their live news waits for its answer. */
  let pending = new Set<string>();
  let deferred: SeatsChanged[] = [];
  /** Seats of the booking being changed: the visitor may drop them, or keep them. */
  let editable = new Set<string>();
  let focusedRow: string | undefined;

  function codeOf(seat: Seat): SeatCode {
    if (seat.status === 'blocked') return 'x';
    if (selected.value.has(seat.id)) return 's';
    if (editable.has(seat.id)) return 'f';
    if (seat.status === 'held') return seat.mine ? 'H' : 'h';
    if (seat.status === 'booked') return seat.mine ? 'B' : 'b';
    return 'f';
  }

  function move(seat: Seat, status: Seat['status'], mine: boolean) {
    free.value += (status === 'free' ? 1 : 0) - (seat.status === 'free' ? 1 : 0);
    seat.status = status;
    seat.mine = mine;
  }

  function redraw(rows: Iterable<SeatRowModel>) {
    for (const row of new Set(rows)) codes[row.label] = row.seats.map(codeOf).join('');
  }

  /** Lays the map out from the API's answer; `editing` names the seats of a booking being changed (kept selected). */
  function load(map: SeatMap, editing: readonly string[] = []) {
    if (map.seats.length > 0 && map.seats.length === places.size && map.seats.every((seat) => places.has(seat.id))) refresh(map, editing);
    else layOut(map, editing);
  }

  /** The same layout again (a reload after a reconnect): statuses updated in place, only changed rows drawn again. */
  function refresh(map: SeatMap, editing: readonly string[]) {
    const changed = new Set<SeatRowModel>();
    for (const fresh of map.seats) {
      const place = places.get(fresh.id)!;
      if (place.seat.status === fresh.status && place.seat.mine === fresh.mine) continue;
      move(place.seat, fresh.status, fresh.mine);
      changed.add(place.row);
    }
    const [pickedBefore, editableBefore] = [selected.value, editable];
    editable = new Set(editing.filter((id) => places.has(id)));
    selected.value = new Set([...selected.value, ...editable].filter((id) => isSelectable(id)));
    for (const id of [...pickedBefore, ...selected.value, ...editableBefore, ...editable]) {
      if (pickedBefore.has(id) !== selected.value.has(id) || editableBefore.has(id) !== editable.has(id)) changed.add(places.get(id)!.row);
    }
    redraw(changed);
  }

  function layOut(map: SeatMap, editing: readonly string[]) {
    places.clear();
    for (const key of Object.keys(codes)) delete codes[key];
    for (const key of Object.keys(focusable)) delete focusable[key];
    const built: SeatSectionModel[] = [];
    let row: SeatRowModel | undefined;
    for (const seat of map.seats) {
      let section = built.at(-1);
      if (!section || section.name !== seat.section) {
        section = { name: seat.section, prices: [], rows: [] };
        built.push(section);
        row = undefined;
      }
      if (!section.prices.includes(seat.price)) section.prices.push(seat.price);
      if (!row || row.label !== seat.row) {
        row = { label: seat.row, section: seat.section, seats: [] };
        section.rows.push(row);
      }
      places.set(seat.id, { seat, row, index: row.seats.length });
      row.seats.push(seat);
    }
    editable = new Set(editing.filter((id) => places.has(id)));
    // Keep what the visitor picked if it is still free (a reload after a reconnect).
    selected.value = new Set([...selected.value, ...editable].filter((id) => isSelectable(id)));
    sections.value = built;
    free.value = map.seats.filter((seat) => seat.status === 'free').length;
    redraw(built.flatMap((section) => section.rows));
    const first = built[0]?.rows[0];
    if (first) {
      focusedRow = first.label;
      focusable[first.label] = 0;
    }
  }

  function isSelectable(id: string): boolean {
    const place = places.get(id);
    if (!place) return false;
    return place.seat.status === 'free' || editable.has(id);
  }

  /** Picks or drops a seat; false when it cannot be picked (taken, blocked) or `limit` seats are picked. */
  function toggle(id: string, limit: number): boolean {
    const place = places.get(id);
    if (!place) return false;
    const next = new Set(selected.value);
    if (next.has(id)) next.delete(id);
    else if (isSelectable(id) && next.size < limit) next.add(id);
    else return false;
    selected.value = next;
    redraw([place.row]);
    return true;
  }

  function clearSelection() {
    const rows = [...selected.value].flatMap((id) => places.get(id)?.row ?? []);
    selected.value = new Set();
    redraw(rows);
  }

  /** Marks seats as the visitor's own (held or booked by them), or frees them. */
  function setOwn(ids: readonly string[], status: 'held' | 'booked' | 'free') {
    const rows: SeatRowModel[] = [];
    const next = new Set(selected.value);
    for (const id of ids) {
      const place = places.get(id);
      if (!place) continue;
      move(place.seat, status, status !== 'free');
      next.delete(id);
      rows.push(place.row);
    }
    selected.value = next;
    redraw(rows);
  }

  /** Live news; returns the seats the visitor had picked that someone else just took. */
  function apply(change: SeatsChanged): string[] {
    const taken: string[] = [];
    const rows: SeatRowModel[] = [];
    const later: string[] = [];
    const next = new Set(selected.value);
    for (const id of change.seatIds) {
      const place = places.get(id);
      if (!place) continue;
      if (pending.has(id) && change.status !== 'free') {
        later.push(id);
        continue;
      }
      const { seat } = place;
      // The visitor's own hold being booked, or news of their own hold: still theirs.
      const stillMine = seat.mine && seat.status !== 'free' && change.status !== 'free';
      move(seat, change.status, stillMine);
      if (change.status !== 'free' && !stillMine && next.delete(id)) taken.push(id);
      rows.push(place.row);
    }
    if (later.length > 0) deferred.push({ ...change, seatIds: later });
    selected.value = next;
    redraw(rows);
    return taken;
  }

  /** The visitor's request for these seats is on its way: news of them waits for `settle`. */
  function awaitOwn(ids: readonly string[]) {
    pending = new Set(ids);
    deferred = [];
  }

  /** The request answered: its seats are the visitor's (`won`), or the news held back applies as it came. */
  function settle(won: boolean): string[] {
    const held = deferred;
    pending = new Set();
    deferred = [];
    if (won) return [];
    return held.flatMap((change) => apply(change));
  }

  /** Seats that changed hands in a failed request (SEAT_TAKEN names them): taken, whoever by. */
  function markTaken(ids: readonly string[]) {
    return apply({ eventId: '', seatIds: [...ids], status: 'held', quantity: ids.length });
  }

  function seat(id: string): Seat | undefined {
    return places.get(id)?.seat;
  }

  /** The seat `dx` along its row (±Infinity: its ends) or `dy` rows away (across sections), for arrow keys. */
  function neighbour(id: string, dx: number, dy: number): Seat | undefined {
    const place = places.get(id);
    if (!place) return undefined;
    if (dy === 0) return place.row.seats[Math.max(0, Math.min(place.row.seats.length - 1, place.index + dx))];
    const rows = sections.value.flatMap((section) => section.rows);
    const target = rows[rows.indexOf(place.row) + dy];
    if (!target) return undefined;
    return target.seats[Math.min(place.index, target.seats.length - 1)];
  }

  /** Makes this seat the map's one Tab stop. */
  function focusOn(id: string) {
    const place = places.get(id);
    if (!place) return;
    if (focusedRow && focusedRow !== place.row.label) delete focusable[focusedRow];
    focusedRow = place.row.label;
    focusable[place.row.label] = place.index;
  }

  function rowOf(id: string): SeatRowModel | undefined {
    return places.get(id)?.row;
  }

  const selectedSeats = computed(() => [...selected.value].flatMap((id) => places.get(id)?.seat ?? []));

  return {
    sections,
    free,
    codes,
    focusable,
    selected,
    selectedSeats,
    load,
    toggle,
    clearSelection,
    setOwn,
    apply,
    awaitOwn,
    settle,
    markTaken,
    seat,
    neighbour,
    focusOn,
    rowOf,
    isSelectable,
  };
}

export type SeatMapState = ReturnType<typeof createSeatMapState>;
