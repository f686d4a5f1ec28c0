// A seated layout as staff edit it (text as typed) and as the API takes it, and what the preview
// draws. The API checks it again (MAX_SEATS_PER_EVENT, rows unique across sections); this only
// lets the form say so before it is sent.
import type { Seating, SeatSection } from '../types/staff';

export const MAX_SEATS = 5_000;

export interface SectionDraft {
  name: string;
  rows: string;
  seatsPerRow: string;
  price: string;
}

export interface LayoutDraft {
  sections: SectionDraft[];
  blocked: string[];
}

/** A problem of one section's field, or of the layout (`section: null`), by message key. */
export interface LayoutProblem {
  section: number | null;
  field: 'name' | 'rows' | 'seatsPerRow' | 'price' | null;
  key: string;
  values?: Record<string, string | number>;
}

export interface LaidOutSection extends SeatSection {
  index: number;
}

export function newSectionDraft(after: SectionDraft | undefined): SectionDraft {
  return { name: '', rows: '', seatsPerRow: after?.seatsPerRow ?? '10', price: after?.price ?? '' };
}

export function draftOf(seating: Extract<Seating, { kind: 'seated' }>, currency: string): LayoutDraft {
  return {
    sections: seating.sections.map((section) => ({
      name: section.name,
      rows: formatRows(section.rows),
      seatsPerRow: String(section.seatsPerRow),
      price: fromMinorUnits(section.price, currency),
    })),
    blocked: [...(seating.blocked ?? [])],
  };
}

/**
 * The layout a draft describes, what is wrong with it, and its seat counts. Sections whose rows or
 * seats cannot be read yet are left out of `sections` (the preview draws the rest).
 */
export function layOut(draft: LayoutDraft, currency: string): { sections: LaidOutSection[]; problems: LayoutProblem[]; seats: number; forSale: number } {
  const problems: LayoutProblem[] = [];
  const sections: LaidOutSection[] = [];
  const sectionOfRow = new Map<string, number>();
  draft.sections.forEach((section, index) => {
    if (!section.name.trim()) problems.push({ section: index, field: 'name', key: 'staff.layout.problem.name' });
    const { rows, invalid } = parseRows(section.rows);
    if (invalid.length) problems.push({ section: index, field: 'rows', key: 'staff.layout.problem.rows', values: { rows: invalid.join(', ') } });
    else if (!rows.length) problems.push({ section: index, field: 'rows', key: 'staff.layout.problem.noRows' });
    for (const row of rows) {
      const other = sectionOfRow.get(row);
      if (other !== undefined && other !== index)
        problems.push({ section: index, field: 'rows', key: 'staff.layout.problem.rowTaken', values: { row, section: other + 1 } });
      else sectionOfRow.set(row, index);
    }
    const seatsPerRow = Number(section.seatsPerRow);
    const seatsOk = Number.isInteger(seatsPerRow) && seatsPerRow >= 1 && seatsPerRow <= 500;
    if (!seatsOk) problems.push({ section: index, field: 'seatsPerRow', key: 'staff.layout.problem.seatsPerRow' });
    const price = toMinorUnits(section.price, currency);
    if (price === null) problems.push({ section: index, field: 'price', key: 'staff.layout.problem.price' });
    if (rows.length && seatsOk) sections.push({ index, name: section.name.trim(), rows, seatsPerRow, price: price ?? 0 });
  });
  if (!draft.sections.length) problems.push({ section: null, field: null, key: 'staff.layout.problem.noSections' });
  const seats = sections.reduce((sum, section) => sum + section.rows.length * section.seatsPerRow, 0);
  if (seats > MAX_SEATS) problems.push({ section: null, field: null, key: 'staff.layout.problem.tooMany', values: { seats, max: MAX_SEATS } });
  const known = new Set(sections.flatMap((section) => section.rows.flatMap((row) => Array.from({ length: section.seatsPerRow }, (_, i) => `${row}-${i + 1}`))));
  const blocked = draft.blocked.filter((seatId) => known.has(seatId)).length;
  return { sections, problems, seats, forSale: seats - blocked };
}

/** The seating to send; null while the draft has problems. Blocked seats no longer in the layout are dropped. */
export function seatingOf(draft: LayoutDraft, currency: string): Extract<Seating, { kind: 'seated' }> | null {
  const { sections, problems } = layOut(draft, currency);
  if (problems.length) return null;
  const known = new Set(sections.flatMap((section) => section.rows.flatMap((row) => Array.from({ length: section.seatsPerRow }, (_, i) => `${row}-${i + 1}`))));
  return {
    kind: 'seated',
    sections: sections.map(({ name, rows, seatsPerRow, price }) => ({ name, rows, seatsPerRow, price })),
    blocked: draft.blocked.filter((seatId) => known.has(seatId)),
  };
}
