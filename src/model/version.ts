/**
 * The engine version that tags every result (ARCHITECTURE.md convention 6). It must equal
 * package.json's `version` (a test checks it); a constant rather than a read of package.json so
 * that the engine stays free of I/O and runs unchanged in the browser.
 */
export const ENGINE_VERSION = '0.4.0';
