import { runInNewContext } from 'node:vm';
import { leanStackTraces } from '../../src/util/lean-stack-traces';

describe('leanStackTraces', () => {
  // setup.js already made this realm's capture lean (as main.ts does): each test starts from V8's own, taken from a fresh realm.
  const original: typeof Error.captureStackTrace = runInNewContext('Error.captureStackTrace');
  const lean = Error.captureStackTrace;
  beforeEach(() => {
    Error.captureStackTrace = original;
  });
  afterAll(() => {
    Error.captureStackTrace = lean;
  });

  test('skips stack capture for bookkeeping objects, keeps it for real errors', () => {
    leanStackTraces({});
    const bookkeeping = { stack: '' };
    Error.captureStackTrace(bookkeeping);
    expect(bookkeeping.stack).toBe('');
    const error = new Error('boom');
    Error.captureStackTrace(error);
    expect(error.stack).toMatch(/^Error: boom\n\s+at /);
  });

  test('STORMPROOF_DEBUG=1 keeps every capture', () => {
    leanStackTraces({ STORMPROOF_DEBUG: '1' });
    expect(Error.captureStackTrace).toBe(original);
    const bookkeeping = { stack: '' };
    Error.captureStackTrace(bookkeeping);
    expect(bookkeeping.stack).toMatch(/\n\s+at /);
  });
});
