/** How a shelf's titles are made: stories, or books about a topic. */
export type ShelfKind = 'fiction' | 'nonfiction' | 'children';

/** One category of the seeded shop, with what its books are like. */
export interface Shelf {
  name: string;
  slug: string;
  description: string;
  kind: ShelfKind;
  /** The share of its books written in Indonesian; the rest are in English. */
  indonesianShare: number;
  /** How many of the shop's books it holds, relative to the other shelves. */
  size: number;
  /** Prices in whole rupiah, low and high. */
  priceRange: [number, number];
  /** The letter of its aisle, for shelf locations such as `F3-12`. */
  aisle: string;
  /** What its nonfiction titles are about, in each language (stories take their words elsewhere). */
  topics?: { id: readonly string[]; en: readonly string[] };
}

/** The shop's shelves, in the order they are created. */
export const shelves: readonly Shelf[] = [
  shelf('Sastra Indonesia', 'fiction', 0.95, 8, [55_000, 150_000], 'S', 'Novel, cerpen dan karya sastra penulis Indonesia.'),
  shelf('Novel Populer', 'fiction', 0.75, 9, [49_000, 125_000], 'N', 'Novel yang sedang banyak dibaca: drama, keluarga, persahabatan.'),
  shelf('Literary Fiction', 'fiction', 0.1, 7, [120_000, 320_000], 'L', 'Novels and stories from around the world, in English.'),
  shelf('Mystery & Thriller', 'fiction', 0.3, 6, [89_000, 260_000], 'M', 'Detectives, crimes and stories that keep you up at night.'),
  shelf('Science Fiction & Fantasy', 'fiction', 0.25, 6, [95_000, 280_000], 'F', 'Other worlds, other times, magic and machines.'),
  shelf('Romance', 'fiction', 0.55, 6, [59_000, 180_000], 'R', 'Love stories, old and new.'),
  shelf('Puisi', 'fiction', 0.8, 2, [45_000, 120_000], 'P', 'Kumpulan puisi dan sajak, juga terjemahan.'),
  shelf('Komik & Novel Grafis', 'fiction', 0.6, 4, [35_000, 190_000], 'K', 'Komik, manga dan novel grafis.'),
  shelf('Buku Anak', 'children', 0.65, 5, [30_000, 140_000], 'A', 'Cerita bergambar dan bacaan pertama untuk anak-anak.'),
  shelf('Young Adult', 'fiction', 0.4, 4, [69_000, 190_000], 'Y', 'Stories for teenage readers and everyone who remembers being one.'),
  shelf('Sejarah', 'nonfiction', 0.7, 5, [75_000, 300_000], 'H', 'Sejarah Indonesia, Asia dan dunia.', {
    id: [
      'Nusantara',
      'Majapahit',
      'Sriwijaya',
      'Jalur Rempah',
      'Kota Batavia',
      'Revolusi Indonesia',
      'Perang Diponegoro',
      'Kerajaan Mataram',
      'Pelabuhan Makassar',
      'Pergerakan Nasional',
      'Kopi Jawa',
      'Kereta Api di Jawa',
      'Pers Indonesia',
      'Bandung Lautan Api',
    ],
    en: [
      'the Spice Trade',
      'the Silk Road',
      'Southeast Asia',
      'the Dutch East Indies',
      'the Ottoman Empire',
      'Ancient Rome',
      'the Cold War',
      'the Pacific War',
      'the Printing Press',
      'the Monsoon',
      'Maritime Asia',
      'the Byzantine World',
      'Colonial Java',
      'the Atlantic',
    ],
  }),
  shelf('Biografi & Memoar', 'nonfiction', 0.45, 4, [79_000, 260_000], 'B', 'Kisah hidup tokoh, seniman dan orang-orang biasa.', {
    id: ['Seorang Guru', 'Ibu Saya', 'Seorang Pelukis', 'Anak Rantau', 'Seorang Diplomat', 'Penjaga Mercusuar', 'Seorang Dokter Desa', 'Pemain Gamelan'],
    en: [
      'a Reluctant Diplomat',
      'My Father',
      'a Ship Doctor',
      'a Jazz Musician',
      'a Village Teacher',
      'an Unlikely Scientist',
      'a Mountain Guide',
      'a Translator',
    ],
  }),
  shelf('Bisnis & Ekonomi', 'nonfiction', 0.45, 5, [89_000, 350_000], 'E', 'Usaha, keuangan, pemasaran dan ekonomi.', {
    id: [
      'UMKM',
      'Pemasaran Digital',
      'Keuangan Keluarga',
      'Investasi Saham',
      'Ekonomi Syariah',
      'Koperasi',
      'Negosiasi',
      'Manajemen Proyek',
      'Kewirausahaan',
      'Ekspor',
    ],
    en: [
      'Startups',
      'Negotiation',
      'Personal Finance',
      'Supply Chains',
      'Behavioral Economics',
      'Leadership',
      'Marketing',
      'Venture Capital',
      'Pricing',
      'Remote Teams',
    ],
  }),
  shelf('Pengembangan Diri', 'nonfiction', 0.55, 5, [59_000, 220_000], 'D', 'Kebiasaan, produktivitas dan cara hidup yang lebih baik.', {
    id: [
      'Kebiasaan Baik',
      'Hidup Sederhana',
      'Berpikir Jernih',
      'Mengelola Waktu',
      'Percaya Diri',
      'Menulis Jurnal',
      'Berbicara di Depan Umum',
      'Tidur Nyenyak',
    ],
    en: ['Habits', 'Focus', 'Deep Work', 'Calm', 'Public Speaking', 'Decision Making', 'Mindfulness', 'Resilience', 'Motivation', 'Time'],
  }),
  shelf('Sains & Alam', 'nonfiction', 0.3, 5, [95_000, 380_000], 'C', 'Fisika, biologi, bumi dan langit.', {
    id: ['Gunung Api', 'Terumbu Karang', 'Hutan Tropis', 'Burung Indonesia', 'Gempa Bumi', 'Tata Surya', 'Genetika', 'Iklim'],
    en: [
      'Black Holes',
      'Volcanoes',
      'Coral Reefs',
      'the Brain',
      'Evolution',
      'Quantum Physics',
      'Rainforests',
      'Climate',
      'Genes',
      'the Ocean',
      'Birds',
      'Time and Space',
    ],
  }),
  shelf('Komputer & Teknologi', 'nonfiction', 0.25, 5, [120_000, 450_000], 'T', 'Pemrograman, data, jaringan dan dunia digital.', {
    id: ['Pemrograman Python', 'Basis Data', 'Jaringan Komputer', 'Kecerdasan Buatan', 'Keamanan Siber', 'Desain Aplikasi', 'Data Sains', 'Linux'],
    en: [
      'TypeScript',
      'PostgreSQL',
      'Distributed Systems',
      'Machine Learning',
      'Rust',
      'Kubernetes',
      'Algorithms',
      'Computer Networks',
      'Web Security',
      'Functional Programming',
      'Compilers',
      'Data Engineering',
    ],
  }),
  shelf('Filsafat', 'nonfiction', 0.3, 3, [85_000, 280_000], 'O', 'Pertanyaan besar, dari Yunani kuno sampai hari ini.', {
    id: ['Etika', 'Kebebasan', 'Filsafat Jawa', 'Logika', 'Eksistensialisme', 'Keadilan'],
    en: ['Ethics', 'Free Will', 'Stoicism', 'Logic', 'Justice', 'Consciousness', 'Happiness', 'Truth'],
  }),
  shelf('Agama & Spiritualitas', 'nonfiction', 0.85, 4, [45_000, 200_000], 'G', 'Renungan, tafsir dan perjalanan batin.', {
    id: ['Doa', 'Sabar', 'Tasawuf', 'Ikhlas', 'Keluarga Sakinah', 'Ibadah Haji', 'Syukur', 'Hati'],
    en: ['Prayer', 'Meditation', 'Silence', 'Compassion', 'Pilgrimage', 'Faith'],
  }),
  shelf('Masakan & Kuliner', 'nonfiction', 0.75, 3, [85_000, 320_000], 'U', 'Resep, dapur Nusantara dan cerita di balik makanan.', {
    id: ['Rendang', 'Sambal', 'Masakan Padang', 'Kue Tradisional', 'Soto Nusantara', 'Masakan Sunda', 'Jamu', 'Kopi', 'Masakan Rumahan', 'Bumbu Dasar'],
    en: ['Baking', 'Noodles', 'Fermentation', 'Asian Street Food', 'Vegetables', 'Bread', 'Coffee', 'Spices'],
  }),
  shelf('Perjalanan', 'nonfiction', 0.5, 3, [79_000, 260_000], 'J', 'Catatan perjalanan dan panduan ke banyak tempat.', {
    id: ['Flores', 'Raja Ampat', 'Toraja', 'Danau Toba', 'Sumba', 'Jalan Kaki di Yogyakarta', 'Pulau Banda', 'Lembah Baliem'],
    en: ['Japan', 'the Andes', 'Iceland', 'Morocco', 'the Mekong', 'Patagonia', 'Lisbon', 'the Himalaya'],
  }),
  shelf('Seni & Desain', 'nonfiction', 0.35, 3, [110_000, 420_000], 'V', 'Lukisan, arsitektur, fotografi dan desain.', {
    id: ['Batik', 'Wayang', 'Arsitektur Tropis', 'Fotografi Jalanan', 'Tipografi', 'Seni Rupa Indonesia'],
    en: ['Typography', 'Photography', 'Architecture', 'Color', 'Drawing', 'Modernism', 'Graphic Design', 'Ceramics'],
  }),
  shelf('Psikologi', 'nonfiction', 0.35, 3, [85_000, 280_000], 'Q', 'Pikiran, emosi dan cara kita berhubungan.', {
    id: ['Kecemasan', 'Emosi', 'Pengasuhan Anak', 'Kesehatan Mental', 'Ingatan', 'Hubungan'],
    en: ['Memory', 'Emotions', 'Anxiety', 'Attention', 'Parenting', 'Persuasion', 'Grief', 'Sleep'],
  }),
  shelf('Politik & Masyarakat', 'nonfiction', 0.55, 3, [75_000, 260_000], 'W', 'Demokrasi, kota, media dan kehidupan bersama.', {
    id: ['Demokrasi', 'Desa', 'Otonomi Daerah', 'Media Sosial', 'Kota Jakarta', 'Pendidikan', 'Lingkungan Hidup', 'Buruh'],
    en: ['Democracy', 'Cities', 'Inequality', 'the Media', 'Migration', 'Populism', 'Work', 'Education'],
  }),
  shelf('Buku Pelajaran', 'nonfiction', 0.95, 4, [35_000, 150_000], 'X', 'Buku pelajaran dan persiapan ujian.', {
    id: ['Matematika SMA', 'Fisika SMA', 'Bahasa Inggris', 'Kimia Dasar', 'Biologi', 'Bahasa Indonesia', 'Akuntansi', 'Ekonomi SMA', 'Geografi', 'Sosiologi'],
    en: ['English Grammar', 'Calculus', 'IELTS', 'TOEFL', 'Statistics', 'Academic Writing'],
  }),
];

function shelf(
  name: string,
  kind: ShelfKind,
  indonesianShare: number,
  size: number,
  priceRange: [number, number],
  aisle: string,
  description: string,
  topics?: Shelf['topics'],
): Shelf {
  // As the catalog's own slugify makes them: 'Science Fiction & Fantasy' → 'science-fiction-fantasy'.
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return { name, slug, description, kind, indonesianShare, size, priceRange, aisle, ...(topics ? { topics } : {}) };
}
