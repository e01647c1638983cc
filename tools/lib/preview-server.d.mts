/** Starts `vite preview` (or the dev server) on `port`; `stop` kills it. */
export function startPreview(port: number, mode?: 'preview' | 'dev'): Promise<{ base: string; stop: () => void }>;
