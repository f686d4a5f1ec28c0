export { ensureWebBuild, WEB_ROOT } from './web-build.ts';
export { createWebRenderer, RENDER_KEY_HEADER } from './web-renderer.ts';
export type { RenderContext, WebRenderer, WebRendererOptions } from './web-renderer.ts';
export { WebEnv } from './web-env.ts';
