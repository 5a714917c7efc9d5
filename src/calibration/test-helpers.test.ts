import { describe, expect, it } from 'vitest';
import { inCi, missingDataMessage, missingSharedFiles } from './test-helpers.js';

describe('shared-data guard of the data tests', () => {
  it('reads CI as set unless it is absent, empty, "0" or "false"', () => {
    expect(inCi({ CI: 'true' })).toBe(true);
    expect(inCi({ CI: '1' })).toBe(true);
    expect(inCi({})).toBe(false);
    expect(inCi({ CI: '' })).toBe(false);
    expect(inCi({ CI: '0' })).toBe(false);
    expect(inCi({ CI: 'False' })).toBe(false);
  });

  it('lists only the files that are absent, by full path, and names them in the message', () => {
    const missing = missingSharedFiles(['mid-tiny', 'nope.csv'], 'test/fixtures');
    expect(missing).toEqual(['test/fixtures/nope.csv']);
    expect(missingDataMessage(missing)).toContain('test/fixtures/nope.csv');
  });
});
