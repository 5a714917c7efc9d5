/** report.html builders (pure); node file loading of the bundles is in assets-node.ts. */
export * from './html.js';
export { REPORT_CLIENT_JS } from './client.js';
