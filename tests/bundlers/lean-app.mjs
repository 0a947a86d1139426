// A browser app that never uses a preset: its bundle must carry no preset data.
import { init, preview } from 'offboard';

await init();
document.title = String(preview({}).ok);
