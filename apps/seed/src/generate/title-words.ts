/*
 * The words titles and synopses are made of. Faker has names and places in both languages but its
 * word lists are a dictionary's (accelerator, akuntabilitas): these are the words books are called by.
 */

/** Words of one language, for stories and for books about a topic. */
export interface TitleWords {
  nouns: readonly string[];
  /** Said after an Indonesian noun, before an English one. */
  adjectives: readonly string[];
  places: readonly string[];
  animals: readonly string[];
  /** `{N}`: a noun, `{A}`: an adjective, `{P}`: a place, `{F}`: a first name, `{X}`: an animal. */
  storyTitles: readonly string[];
  childrenTitles: readonly string[];
  /** `{T}`: the topic. */
  topicTitles: readonly string[];
  /** Follows a topic title after a colon, sometimes. */
  subtitles: readonly string[];
  /** `{N}`, `{P}`, `{F}` as above; `{G}`: the shelf's name. */
  synopses: readonly string[];
  /** How the second and later books of a series are named: `{B}` the series, `{n}` its number. */
  seriesTitle: string;
}

/** A list written as one comma-separated text, so the formatter keeps it a paragraph. */
function words(list: string): readonly string[] {
  return list.split(', ');
}

export const englishWords: TitleWords = {
  nouns: words(
    'House, River, Garden, Silence, Memory, Daughter, Winter, Light, Stranger, Harbour, Island, Storm, Orchard, Letter, Map, Mirror, Clock, ' +
      'Lantern, Bridge, Forest, Tide, Salt, Ash, Ember, Feather, Crown, Key, Door, Window, Road, Shadow, Song, Voice, Dream, Secret, Promise, Widow, ' +
      'Sister, Brother, Son, Mother, Father, Queen, King, Thief, Witness, Painter, Gardener, Cartographer, Librarian, Watchmaker, Lighthouse, ' +
      'Valley, Mountain, Desert, Sea, Ocean, Moon, Sun, Star, Sky, Rain, Snow, Fire, Stone, Glass, Paper, Ink, Bone, Blood, Heart, Hand, Eye, Name, ' +
      'Story, Year, Summer, Autumn, Spring, Night, Morning, Evening, Hour, Room, Field, Wolf, Fox, Raven, Sparrow, Tiger, Whale, Ship, Train, ' +
      'Station, Hotel, Café, Bookshop, Museum, Archive, Castle, Tower, Well, Wall, Gate, Compass, Journey, Return, Exile, Inheritance, Confession, ' +
      'Reckoning, Vanishing, Crossing, Keeper, Orphan, Prophet, Sailor, Soldier, Spy, Doctor, Teacher',
  ),
  adjectives: words(
    'Silent, Last, Lost, Hidden, Broken, Quiet, Golden, Silver, Dark, Bright, Wild, Secret, Forgotten, Burning, Drowned, Frozen, Little, Long, ' +
      'Distant, Strange, Gentle, Bitter, Sweet, Empty, Endless, Faithful, Hollow, Invisible, Lonely, Midnight, Northern, Southern, Eastern, Western, ' +
      'Paper, Painted, Scarlet, Blue, Green, White, Black, Red, Crimson, Velvet, Restless, Sleeping, Wandering, Vanished, Borrowed, Unfinished, ' +
      'Final, First, Second, Impossible, Ordinary, Remarkable, Beautiful, Terrible, Tender, Fragile, Savage, Salt-Stained, Sunlit, Moonlit, ' +
      'Starless, Nameless, Homeless, Hungry, Patient, Careless, Glass, Iron, Stone, Copper',
  ),
  places: words(
    'Lisbon, Kyoto, Bandung, Jakarta, Cairo, Prague, Havana, Dublin, Marrakesh, Istanbul, Venice, Paris, London, Berlin, Vienna, Shanghai, ' +
      'Singapore, Bombay, Calcutta, Saigon, Hanoi, Manila, Bali, Java, Sumatra, Borneo, Alexandria, Buenos Aires, Valparaíso, New Orleans, ' +
      'San Francisco, Maine, Yorkshire, Cornwall, Tangier, Odessa, Naples, Seville, Oslo, Reykjavik, the Coast, the North, the Marsh, the Hills, ' +
      'the Bay',
  ),
  animals: words('Fox, Bear, Owl, Rabbit, Elephant, Tiger, Mouse, Dragon, Turtle, Penguin, Whale, Duck, Lion, Cat, Dog, Monkey'),
  storyTitles: [
    'The {A} {N}',
    'The {N} of {P}',
    '{N} and {N}',
    'A {N} in {P}',
    "{F}'s {N}",
    'The Last {N}',
    '{A} {N}',
    'What the {N} Knew',
    'The {N} Keeper',
    'Beneath the {A} {N}',
    'Letters to {F}',
    'A {A} Place',
    'The {N} Season',
    'The {A} {N} of {P}',
    'After the {N}',
    'The House on {P} Road',
    '{F} in {P}',
    'The {N} Who Came Back',
    'Notes from a {A} {N}',
    'The Girl with the {A} {N}',
    'Until the {N}',
  ],
  childrenTitles: [
    'The {A} Little {X}',
    '{F} and the {A} {X}',
    'Where Is {F}?',
    'The {X} Who Wanted a {N}',
    'Goodnight, {A} {X}',
    '{F} Goes to {P}',
    'A {X} Called {F}',
    'The Big Book of {X}s',
    'How the {X} Found Its {N}',
  ],
  topicTitles: [
    'A History of {T}',
    'The Story of {T}',
    'Understanding {T}',
    'The Art of {T}',
    '{T} for Beginners',
    'Thinking About {T}',
    'The Future of {T}',
    'Inside {T}',
    '{T} in Practice',
    'Why {T} Matters',
    'Notes on {T}',
    'The Essential Guide to {T}',
    'On {T}',
    'The Little Book of {T}',
    'Everything You Need to Know About {T}',
    'Life with {T}',
  ],
  subtitles: [
    'Lessons from {P}',
    'A Practical Guide',
    'A New History',
    'What We Learned in {P}',
    'Stories from {P}',
    'The {A} Years',
    'An Introduction',
    'A Field Guide',
    'From {F} to {P}',
    'Ten Lessons',
    'A Personal Account',
    'The Complete Edition',
  ],
  synopses: [
    'A {a} novel about {n} and {n2} in {P}.',
    'In {P}, {F} finds the {n} that changes everything.',
    'When {F} returns to {P}, the old {n} refuses to stay buried.',
    'The story of the {n}, the {n2} and the summer that ended them both.',
    'A clear and lively introduction for readers new to the subject, from {P} to today.',
    'Drawing on years of research in {P}, this book explains what most of us get wrong.',
    'Part memoir, part history: a {a} look at {n} and the people who live with it.',
  ],
  seriesTitle: '{B}, Book {n}',
};

export const indonesianWords: TitleWords = {
  nouns: words(
    'Hujan, Laut, Senja, Rumah, Kampung, Bulan, Perempuan, Anak, Jalan, Kota, Pulau, Angin, Gunung, Sungai, Malam, Pagi, Bintang, Langit, ' +
      'Matahari, Pelangi, Ombak, Pantai, Hutan, Sawah, Ladang, Pasar, Stasiun, Kereta, Kapal, Perahu, Pelabuhan, Jembatan, Pintu, Jendela, Surat, ' +
      'Kabar, Cerita, Kisah, Mimpi, Rindu, Cinta, Janji, Rahasia, Luka, Doa, Nama, Tanah, Air, Api, Batu, Kertas, Tinta, Lentera, Mercusuar, Gadis, ' +
      'Pemuda, Ibu, Ayah, Nenek, Kakek, Guru, Nelayan, Petani, Penari, Pelukis, Penyair, Pencuri, Perantau, Musafir, Ratu, Raja, Putri, Pangeran, ' +
      'Kupu-Kupu, Burung, Harimau, Kucing, Merpati, Kenanga, Melati, Cempaka, Bambu, Beringin, Kopi, Garam, Gerimis, Kemarau, Musim, Tahun, Waktu, ' +
      'Kenangan, Bayang, Suara, Lagu, Tari, Wayang, Keris, Sumur, Dermaga, Menara, Istana, Kebun, Lembah, Danau, Samudra, Gerhana',
  ),
  adjectives: words(
    'yang Hilang, Terakhir, Sunyi, Merah, Abadi, Patah, Kelabu, Biru, Putih, Hitam, Jingga, Pertama, Kecil, Panjang, Jauh, Tua, Baru, ' +
      'yang Tertunda, yang Terlupa, yang Pulang, yang Menunggu, yang Tak Pernah Usai, Tanpa Nama, di Ujung Senja, Rahasia, Sepi, Bisu, Hangat, ' +
      'Dingin, Liar, Suci, Indah, Pahit, Manis, Retak, Basah, Redup, Terang, Keemasan, Berdarah, Terbang, yang Berbisik, yang Terbakar, ' +
      'Sebatang Kara, dari Timur, dari Utara, di Seberang, Penghabisan, Selatan, Tengah Malam',
  ),
  places: words(
    'Bandung, Jakarta, Yogyakarta, Surabaya, Semarang, Medan, Makassar, Padang, Palembang, Ambon, Kupang, Jayapura, Ternate, Banda, Bukittinggi, ' +
      'Malang, Solo, Cirebon, Bogor, Garut, Banyuwangi, Belitung, Bali, Lombok, Flores, Toraja, Sumba, Madura, Tanah Abang, Pantai Utara, ' +
      'Lembah Baliem, Selat Sunda, Kota Tua, Tepi Sungai, Kaki Gunung',
  ),
  animals: words('Kancil, Gajah, Kura-Kura, Kelinci, Harimau, Burung Hantu, Kucing, Monyet, Kerbau, Bebek, Komodo, Ikan Paus'),
  storyTitles: [
    '{N} {A}',
    '{N} di {P}',
    '{N} dari {P}',
    'Sang {N}',
    '{N} dan {N}',
    'Kisah {N} {A}',
    'Surat untuk {F}',
    'Catatan dari {P}',
    '{F} dan {N} {A}',
    'Di Bawah {N} {A}',
    'Menunggu {N}',
    'Perempuan di {P}',
    'Anak-Anak {N}',
    '{N} untuk {F}',
    'Lelaki dan {N}',
    'Sebelum {N} Tiba',
    'Pulang ke {P}',
    '{N} {A} di {P}',
    'Nyanyian {N}',
    'Tentang {N} dan {N}',
  ],
  childrenTitles: [
    'Si {X} {A}',
    '{F} dan {X} {A}',
    '{F} Pergi ke {P}',
    'Petualangan Si {X}',
    '{X} yang Ingin Punya {N}',
    'Selamat Tidur, {X}',
    'Dongeng {X} dan {N}',
    'Buku Besar {X}',
  ],
  topicTitles: [
    'Sejarah {T}',
    'Memahami {T}',
    'Pengantar {T}',
    'Panduan {T} untuk Pemula',
    'Seni {T}',
    'Rahasia {T}',
    'Belajar {T}',
    '{T} dalam Praktik',
    'Mengenal {T}',
    'Catatan tentang {T}',
    'Jejak {T}',
    'Buku Pintar {T}',
    'Kisah {T}',
    'Bunga Rampai {T}',
    'Menulis tentang {T}',
  ],
  subtitles: [
    'Pelajaran dari {P}',
    'Panduan Praktis',
    'Sebuah Pengantar',
    'Cerita dari {P}',
    'Dari {P} untuk Indonesia',
    'Edisi Lengkap',
    'Sepuluh Pelajaran',
    'Catatan Lapangan',
    'Dari {F} sampai {P}',
    'Sejarah Baru',
  ],
  synopses: [
    'Novel {a} tentang {n} dan {n2} di {P}.',
    'Di {P}, {F} menemukan {n} yang mengubah segalanya.',
    'Ketika {F} pulang ke {P}, sebuah {n} lama kembali menghantui.',
    'Kisah tentang {n}, {n2}, dan kemarau yang memisahkan mereka.',
    'Pengantar yang jernih dan hidup bagi pembaca yang baru mengenal bidang ini, dari {P} hingga hari ini.',
    'Berdasarkan penelitian bertahun-tahun di {P}, buku ini menjelaskan apa yang sering kita salah pahami.',
    'Separuh memoar, separuh sejarah: pandangan {a} tentang {n} dan orang-orang di sekitarnya.',
  ],
  seriesTitle: '{B} Jilid {n}',
};

/** Adjectives for synopses (lower case, before the noun in English, after it in Indonesian). */
export const synopsisAdjectives = {
  en: ['tender', 'dark', 'funny', 'quiet', 'sweeping', 'haunting', 'warm', 'sharp', 'moving', 'gripping'],
  id: ['hangat', 'kelam', 'jenaka', 'sunyi', 'menyentuh', 'puitis', 'tajam', 'memikat', 'jujur', 'menegangkan'],
};
