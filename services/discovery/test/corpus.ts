/** The fixed corpus of the relevance suite: which category each book is filed in, and its fields. */
export interface CorpusBook {
  category: 'Sastra Indonesia' | 'Fiction' | 'Science';
  title: string;
  authors: string[];
  publicationYear: number;
  synopsis: string;
  stock: number;
}

export const corpus: CorpusBook[] = [
  {
    category: 'Sastra Indonesia',
    title: 'Bumi Manusia',
    authors: ['Pramoedya Ananta Toer'],
    publicationYear: 1980,
    synopsis: 'Minke, pemuda pribumi terpelajar, melawan kekuasaan kolonial dalam sebuah novel sejarah.',
    stock: 5,
  },
  {
    category: 'Sastra Indonesia',
    title: 'Laskar Pelangi',
    authors: ['Andrea Hirata'],
    publicationYear: 2005,
    synopsis: 'Sepuluh anak miskin di Belitung bersekolah di sebuah sekolah yang hampir ditutup; sebuah novel.',
    stock: 0,
  },
  {
    category: 'Sastra Indonesia',
    title: 'Cantik Itu Luka',
    authors: ['Eka Kurniawan'],
    publicationYear: 2002,
    synopsis: 'Dewi Ayu bangkit dari kuburnya setelah dua puluh satu tahun.',
    stock: 3,
  },
  {
    category: 'Sastra Indonesia',
    title: 'Kerikil Tajam dan yang Terampas dan yang Putus',
    authors: ['Chairil Anwar'],
    publicationYear: 1949,
    synopsis: 'Sajak-sajak tentang cinta, kematian dan kemerdekaan.',
    stock: 2,
  },
  {
    category: 'Sastra Indonesia',
    title: 'Ronggeng Dukuh Paruk',
    authors: ['Ahmad Tohari'],
    publicationYear: 1982,
    synopsis: 'Srintil menjadi ronggeng sebuah dukuh miskin di Banyumas; novel tentang prahara 1965.',
    stock: 4,
  },
  {
    category: 'Fiction',
    title: 'One Hundred Years of Solitude',
    authors: ['Gabriel García Márquez'],
    publicationYear: 1967,
    synopsis: 'Seven generations of the Buendía family rise and fall in Macondo: a novel of memory.',
    stock: 6,
  },
  {
    category: 'Fiction',
    title: 'Middlemarch',
    authors: ['George Eliot'],
    publicationYear: 1871,
    synopsis: 'The marriages of a provincial English town, traced in a long novel.',
    stock: 0,
  },
  {
    category: 'Fiction',
    title: 'Pride and Prejudice',
    authors: ['Jane Austen'],
    publicationYear: 1813,
    synopsis: 'Elizabeth Bennet and Mr Darcy misjudge each other across ballrooms.',
    stock: 8,
  },
  {
    category: 'Fiction',
    title: "The Hitchhiker's Guide to the Galaxy",
    authors: ['Douglas Adams'],
    publicationYear: 1979,
    synopsis: 'Arthur Dent is rescued moments before the Earth is demolished.',
    stock: 7,
  },
  {
    category: 'Science',
    title: 'Solaris',
    authors: ['Stanisław Lem'],
    publicationYear: 1961,
    synopsis: 'Scientists orbiting an ocean planet at the edge of the galaxy meet their buried memories.',
    stock: 1,
  },
  {
    category: 'Science',
    title: 'A Brief History of Time',
    authors: ['Stephen Hawking'],
    publicationYear: 1988,
    synopsis: 'From the big bang to black holes, running through what physics knows of time.',
    stock: 9,
  },
];
