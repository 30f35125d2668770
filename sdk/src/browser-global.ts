// Entry of the <script>-tag bundle: exposes the public API as window.OpenQoE.
import * as api from './index.js';

(globalThis as Record<string, unknown>).OpenQoE = api;
