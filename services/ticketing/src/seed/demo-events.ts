import type { Seating } from '../events/seating.ts';

/** One event of the demo shop; its date is `inDays` after seeding, at `at` (HH:MM) in Jakarta. */
export interface DemoEvent {
  title: string;
  description: string;
  venue: string;
  inDays: number;
  at: string;
  hours: number;
  seating: Seating;
}

const JAKARTA = 'Pustaka Jakarta, Jl. Cikini Raya 42, Menteng, Jakarta Pusat';
const YOGYAKARTA = 'Pustaka Yogyakarta, Jl. Prawirotaman 18, Yogyakarta';

/** Row labels A, B, …, Z, AA, AB, … as the seat ids of a big hall need them. */
export function rowLabels(from: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return n < 26 ? String.fromCharCode(65 + n) : String.fromCharCode(64 + Math.floor(n / 26)) + String.fromCharCode(65 + (n % 26));
  });
}

/**
 * The demo shop's programme: readings, a launch, a workshop and a poetry evening at the shops in
 * Jakarta and Yogyakarta (seated), a book fair (general admission), and the festival's closing
 * night in a hall of 5,000 seats, the most an event may have, to try a big seat map on. Prices in
 * whole rupiah (IDR has no minor unit).
 */
export const demoEvents: DemoEvent[] = [
  {
    title: 'Malam Pembacaan: Bumi Manusia',
    description:
      'Pembacaan petikan novel Pramoedya Ananta Toer oleh para aktor teater, disusul diskusi tentang Minke, Annelies dan Nyai Ontosoroh. Teh dan kopi tersedia.',
    venue: JAKARTA,
    inDays: 4,
    at: '19:00',
    hours: 2,
    seating: {
      kind: 'seated',
      sections: [
        { name: 'Depan', rows: rowLabels(0, 4), seatsPerRow: 12, price: 75_000 },
        { name: 'Belakang', rows: rowLabels(4, 4), seatsPerRow: 12, price: 50_000 },
      ],
      // The sound desk stands there.
      blocked: ['H-1', 'H-2'],
    },
  },
  {
    title: 'Book launch: The Spice Islands, Retold',
    description:
      'The author reads from a new history of the Moluccas and the nutmeg trade, talks with the translator of its Indonesian edition, and signs copies afterwards.',
    venue: YOGYAKARTA,
    inDays: 9,
    at: '18:30',
    hours: 2,
    seating: { kind: 'seated', sections: [{ name: 'Stalls', rows: rowLabels(0, 6), seatsPerRow: 14, price: 60_000 }] },
  },
  {
    title: 'Open-air book fair: swap, buy, browse',
    description:
      'Secondhand books, small presses from Yogyakarta and Bandung, and a swap table: bring a book, take a book. Standing room in the courtyard; come and go as you like.',
    venue: YOGYAKARTA,
    inDays: 11,
    at: '09:00',
    hours: 8,
    seating: { kind: 'general', capacity: 300, price: 25_000 },
  },
  {
    title: 'Lokakarya Menulis Cerpen',
    description:
      'Tiga jam menulis cerita pendek bersama seorang cerpenis: dari gagasan ke draf pertama. Bawa buku catatan; kelas kecil supaya setiap peserta dapat masukan.',
    venue: YOGYAKARTA,
    inDays: 13,
    at: '10:00',
    hours: 3,
    seating: { kind: 'seated', sections: [{ name: 'Meja kerja', rows: rowLabels(0, 3), seatsPerRow: 8, price: 150_000 }] },
  },
  {
    title: 'Poetry evening: Chairil Anwar in two languages',
    description:
      'Poems of Chairil Anwar read in Indonesian and in English translation, side by side, with live music. A conversation on translating "Aku" closes the evening.',
    venue: JAKARTA,
    inDays: 18,
    at: '19:30',
    hours: 2,
    seating: {
      kind: 'seated',
      sections: [
        { name: 'Front', rows: rowLabels(0, 3), seatsPerRow: 10, price: 90_000 },
        { name: 'Back', rows: rowLabels(3, 5), seatsPerRow: 10, price: 60_000 },
      ],
    },
  },
  {
    title: 'Diskusi Buku: Laut Bercerita',
    description: 'Membaca ulang novel Leila S. Chudori tentang para aktivis yang hilang pada 1998: diskusi bersama pembaca, sejarawan dan penerbit.',
    venue: JAKARTA,
    inDays: 24,
    at: '16:00',
    hours: 2,
    seating: { kind: 'seated', sections: [{ name: 'Ruang baca', rows: rowLabels(0, 5), seatsPerRow: 12, price: 40_000 }] },
  },
  {
    title: 'Festival Sastra Pustaka: Malam Penutupan',
    description:
      'The closing night of the festival: readings by this year’s guests, the reader’s prize, and music. Malam penutupan festival: pembacaan, penghargaan pembaca, dan musik.',
    venue: 'Plenary Hall, Jakarta Convention Center, Jl. Gatot Subroto, Jakarta',
    inDays: 30,
    at: '19:00',
    hours: 3,
    seating: {
      kind: 'seated',
      sections: [
        { name: 'Orchestra', rows: rowLabels(0, 20), seatsPerRow: 100, price: 250_000 },
        { name: 'Mezzanine', rows: rowLabels(20, 15), seatsPerRow: 100, price: 175_000 },
        { name: 'Balcony', rows: rowLabels(35, 15), seatsPerRow: 100, price: 100_000 },
      ],
    },
  },
];
