// The browser tests launch Chromium exactly as the benchmark does; the launcher lives in bench/
// because the benchmark may not import test/ (test/unit/layering.test.ts).
export * from '../../../bench/chromium.ts';
