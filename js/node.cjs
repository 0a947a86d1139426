// Node CommonJS entry: the public API of core.cjs, ready on require().
'use strict';
const core = require('./core.cjs');

exports.Workspace = core.Workspace;
exports.actions = core.actions;
exports.apply = core.apply;
exports.compare = core.compare;
exports.init = core.init;
exports.initSync = core.initSync;
exports.isReady = core.isReady;
exports.listPresets = core.listPresets;
exports.preset = core.preset;
exports.preview = core.preview;
exports.registerPresets = core.registerPresets;
exports.runScenario = core.runScenario;
exports.validatePolicy = core.validatePolicy;
