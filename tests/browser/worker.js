import * as offboard from '../node_modules/offboard/index.js';
import '../node_modules/offboard/presets.js';
import { check } from './check.js';

check(offboard, 'async').then(
  (result) => postMessage(result),
  (e) => postMessage({ error: String((e && e.stack) || e) }),
);
