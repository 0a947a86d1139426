// A production build of a page that imports 'offboard', with no plugin.
export default { base: './', logLevel: 'warn', build: { outDir: 'dist', emptyOutDir: true } };
