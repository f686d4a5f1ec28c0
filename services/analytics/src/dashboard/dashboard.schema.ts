import { Type } from 'typebox';
import type { Static } from 'typebox';
import { StringEnum } from '@pustaka/kit/http';

const day = (description = 'A shop day, YYYY-MM-DD, in the shop time zone') => Type.String({ format: 'date', description });
const Day = day();
const Money = Type.Integer({ description: 'Minor units of the currency' });
const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const RangeQuery = Type.Object(
  {
    from: Type.Optional(day('First shop day (default: 29 days before `to`)')),
    to: Type.Optional(day('Last shop day (default: today)')),
  },
  { additionalProperties: false },
);
export type RangeQuery = Static<typeof RangeQuery>;

export const DashboardQuery = Type.Object(
  {
    ...RangeQuery.properties,
    granularity: Type.Optional(StringEnum(['day', 'week', 'month'] as const, { default: 'day', description: 'Periods of the series (weeks start on Monday)' })),
  },
  { additionalProperties: false },
);
export type DashboardQuery = Static<typeof DashboardQuery>;

/** A figure over the range, and the same figure over the period of equal length before it. */
const figure = (description?: string) => Type.Object({ current: Type.Number(), previous: Type.Number() }, description ? { description } : {});
const maybeFigure = (description: string) => Type.Object({ current: Nullable(Type.Number()), previous: Nullable(Type.Number()) }, { description });
const Figure = figure();

const RangeOut = Type.Object({
  from: Day,
  to: Day,
  granularity: Type.String(),
  timeZone: Type.String(),
  currency: Type.String(),
  previous: Type.Object({ from: Day, to: Day }),
});

export const SummarySchema = Type.Object({
  range: RangeOut,
  totals: Type.Object({
    revenue: figure('Sales of orders placed, less what cancellations took back, on the days they happened'),
    grossRevenue: Figure,
    refundedRevenue: Figure,
    orders: figure('Orders placed'),
    cancelledOrders: Figure,
    fulfilledOrders: Figure,
    units: figure('Units sold less units returned by cancellations'),
    averageOrderValue: maybeFigure('Gross revenue per order placed; null without orders'),
    cancellationRate: maybeFigure('Orders cancelled per order placed in the period; null without orders'),
    seatsSold: Figure,
    ticketRevenue: Figure,
    ordersInOtherCurrencies: Figure,
  }),
  revenueByPeriod: Type.Array(
    Type.Object({
      start: Day,
      end: Day,
      revenue: Money,
      orders: Type.Integer(),
      units: Type.Integer(),
      previous: Type.Object({ start: Day, end: Day, revenue: Money, orders: Type.Integer(), units: Type.Integer() }),
    }),
  ),
  topBooks: Type.Array(
    Type.Object({
      bookId: Uuid,
      title: Type.String(),
      revenue: Money,
      units: Type.Integer(),
      previous: Type.Object({ revenue: Money, units: Type.Integer() }),
    }),
  ),
  topCategories: Type.Array(
    Type.Object({
      categoryId: Uuid,
      name: Nullable(Type.String()),
      revenue: Money,
      units: Type.Integer(),
      previous: Type.Object({ revenue: Money, units: Type.Integer() }),
    }),
  ),
  topCustomers: Type.Array(
    Type.Object({
      userId: Uuid,
      name: Nullable(Type.String()),
      spend: Money,
      orders: Type.Integer(),
      previous: Type.Object({ spend: Money, orders: Type.Integer() }),
    }),
  ),
  events: Type.Array(
    Type.Object({
      eventId: Uuid,
      title: Nullable(Type.String()),
      startsAt: Nullable(Type.String({ format: 'date-time' })),
      capacity: Nullable(Type.Integer()),
      cancelled: Type.Boolean(),
      seatsSold: Figure,
      ticketRevenue: Figure,
      fillRate: maybeFigure('Seats booked by the end of the period per seat for sale; null when the capacity is unknown'),
    }),
  ),
  lowStock: Type.Array(Type.Object({ bookId: Uuid, title: Type.String(), stock: Type.Integer(), threshold: Type.Integer() })),
});
export type Summary = Static<typeof SummarySchema>;

export const BookReportSchema = Type.Object({
  book: Type.Object({
    bookId: Uuid,
    title: Type.String(),
    categoryId: Nullable(Uuid),
    categoryName: Nullable(Type.String()),
    stock: Nullable(Type.Integer()),
    lowStockThreshold: Nullable(Type.Integer()),
    deleted: Type.Boolean(),
  }),
  range: RangeOut,
  totals: Type.Object({ revenue: Figure, units: Figure }),
  rank: Type.Object({
    current: Nullable(Type.Integer()),
    previous: Nullable(Type.Integer()),
    among: Type.Integer({ description: 'Ranks are given within the best this many books by revenue; null beyond' }),
  }),
  sales: Type.Array(Type.Object({ start: Day, end: Day, revenue: Money, units: Type.Integer() })),
  stock: Type.Array(
    Type.Object({
      start: Day,
      end: Day,
      restocked: Type.Integer(),
      corrected: Type.Integer(),
      reserved: Type.Integer(),
      released: Type.Integer(),
      sold: Type.Integer(),
      closingStock: Type.Union([Type.Integer(), Type.Null()], { description: 'Stock after the last movement of the period; null without one' }),
    }),
  ),
});
export type BookReport = Static<typeof BookReportSchema>;

export const CsvResponse = {
  description: 'The daily figures as CSV (RFC 4180, a header row, then a row per day), amounts in minor units of the currency',
  content: { 'text/csv': { schema: Type.String() } },
};
