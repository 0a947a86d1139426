// Types of 'offboard/offboard_bg.wasm' as a bundler's asset loader gives it
// (esbuild's `file` loader, webpack's `asset/resource`): the URL the file is
// served at, to pass to init(). See the package docs, "Bundlers".
declare const url: string;
export default url;
