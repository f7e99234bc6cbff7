// The browser tests start the app in-process exactly as the benchmark does; the helper lives in
// bench/ because the benchmark may not import test/ (test/unit/layering.test.ts).
export * from '../../../bench/local-app.ts';
