// The same app, importing the presets: its bundle carries them.
import { init, preview } from 'offboard';
import 'offboard/presets';

await init();
document.title = String(preview({}).ok);
