import * as offboard from 'offboard';
import 'offboard/presets';
import { check } from '../browser/check.js';

check(offboard, 'async').then(
  (result) => { window.__result = result; },
  (e) => { window.__result = { error: String((e && e.stack) || e) }; },
);
