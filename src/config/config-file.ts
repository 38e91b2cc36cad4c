/** The site config's default file name, apart from its schema so the CLI's help can name it without loading zod. */
export const DEFAULT_CONFIG_FILE = 'aperture.config.json';
