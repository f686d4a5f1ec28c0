// `npm run lint:cycles`: imports go one way, between files and between folders.

/**
 * Imports between folders that were already part of a cycle when this check came in, by folder:
 * the folders it imports that import it back (directly or through others). Each is to be
 * untangled, the lower folder no longer importing the upper, and then removed from here; until
 * then every other import that closes a cycle between folders fails the check.
 */
const foldersStillInACycle = {
  'packages/kit/src/bus': ['metrics', 'rpc', 'tracing'],
  'packages/kit/src/http': ['metrics', 'tracing'],
  'packages/kit/src/metrics': ['http'],
  'packages/kit/src/rpc': ['metrics', 'tracing'],
  'packages/kit/src/tracing': ['bus', 'rpc'],
  'services/identity/src/auth': ['users'],
  'services/identity/src/users': ['auth'],
  'services/ticketing/src/bookings': ['events', 'holds', 'seats'],
  'services/ticketing/src/events': ['bookings', 'holds', 'seats'],
  'services/ticketing/src/holds': ['events', 'seats'],
  'services/ticketing/src/seats': ['events', 'holds'],
};

const exactly = (path) => `^${path.replaceAll('.', '\\.')}$`;
const siblingOf = (folder, name) => `${folder.slice(0, folder.lastIndexOf('/'))}/${name}`;

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-file-cycles',
      comment: 'A file that imports itself through others: move what both need into a file of its own.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycles',
      comment: 'Two folders that import each other: decide which is the lower layer, and move what it imports from the upper one into it or above both.',
      severity: 'error',
      scope: 'folder',
      from: { pathNot: Object.keys(foldersStillInACycle).map(exactly) },
      to: { circular: true },
    },
    ...Object.entries(foldersStillInACycle).map(([folder, known]) => ({
      name: 'no-folder-cycles',
      comment: `A new import closing a cycle through ${folder}, which is still in one (see foldersStillInACycle).`,
      severity: 'error',
      scope: 'folder',
      from: { path: exactly(folder) },
      to: { circular: true, pathNot: known.map((name) => exactly(siblingOf(folder, name))) },
    })),
  ],
  options: {
    // TypeScript 7 has no JavaScript compiler API for dependency-cruiser to use: swc parses the
    // sources. Type-only imports count: a lower layer must not know an upper layer's types either.
    parser: 'swc',
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|data)/' },
  },
};
