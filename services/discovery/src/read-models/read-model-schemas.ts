/** Where the read models live and are searched. */
export const LIVE_SCHEMA = 'discovery';

/**
 * Where a rebuild writes the read models from scratch, by the same migrations, while the live ones
 * keep answering; its tables then take the live ones' place in one transaction. Discovery's alone,
 * like its own schema: it exists only while a rebuild runs.
 */
export const SHADOW_SCHEMA = 'discovery_rebuild';
