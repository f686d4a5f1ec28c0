// The shapes of the public API this app reads (see /openapi.json for the whole of them).

export interface Book {
  id: string;
  title: string;
  authors: string[];
  isbn: string | null;
  synopsis: string | null;
  publicationYear: number | null;
  price: number;
  currency: string;
  stock: number;
  location: string | null;
  categoryId: string | null;
  coverUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Category {
  id: string;
  name: string;
  slug: string;
  description: string | null;
  bookCount: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Recommendation {
  id: string;
  title: string;
  authors: string[];
  category: { id: string; name: string } | null;
  publicationYear: number | null;
  price: number | null;
  currency: string | null;
  inStock: boolean;
  reason: 'bought-together' | 'popular-in-category' | 'popular';
}

export interface ShopEvent {
  id: string;
  title: string;
  description: string;
  venue: string;
  startsAt: string;
  endsAt: string;
  timezone: string;
  status: 'draft' | 'published' | 'cancelled';
  currency: string;
  capacity: number;
  priceFrom: number | null;
}

export interface SearchHit {
  type: 'book' | 'event';
  id: string;
  title: string;
  authors: string[];
  score: number;
  highlights: { title: string; text: string };
  category: { id: string; name: string } | null;
  publicationYear: number | null;
  price: number | null;
  currency: string | null;
  inStock: boolean | null;
  venue: string | null;
  startsAt: string | null;
  endsAt: string | null;
}

export interface SearchAnswer extends Page<SearchHit> {
  pages: number;
  query: { words: string[]; ignored: string[] };
  facets: {
    type: { value: 'book' | 'event'; count: number }[];
    category: { value: string; name: string; count: number }[];
    inStock: { value: boolean; count: number }[];
  };
  notice: string | null;
}

export interface Order {
  id: string;
  status: 'placed' | 'cancelled' | 'fulfilled';
  total: number;
  currency: string;
  items: { bookId: string; title: string; unitPrice: number; quantity: number }[];
  createdAt: string;
}
