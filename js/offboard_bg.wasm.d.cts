// Types of require('offboard/offboard_bg.wasm') as a bundler's asset loader
// gives it: the URL the file is served at, to pass to init().
declare const url: string;
export = url;
