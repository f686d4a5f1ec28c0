// `npm run lint:cycles`: imports go one way, between files and between folders.

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
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    // TypeScript 7 has no JavaScript compiler API for dependency-cruiser to use: swc parses the
    // sources. Type-only imports count: a lower layer must not know an upper layer's types either.
    parser: 'swc',
    doNotFollow: { path: 'node_modules' },
    // The web app's Nuxt sources (.vue, auto-imports) are Nuxt's to check; its serve/ and test/ are ours.
    exclude: { path: '(^|/)(node_modules|data)/|^apps/web/(app|[.]output|[.]nuxt)/' },
  },
};
