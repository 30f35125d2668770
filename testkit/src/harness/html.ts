// The harness page: an empty stage and the harness script. The player, its library and the
// <video> are created by `load()` so one static page serves every player kind.
import { HARNESS_SCRIPT_PATH, HARNESS_STAGE_ID } from '../page/protocol.js';

export function harnessPageHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>OpenQoE test harness</title>
<style>
  body { margin: 0; background: #111; }
  #${HARNESS_STAGE_ID}, #${HARNESS_STAGE_ID} video { width: 640px; height: 360px; }
</style>
</head>
<body>
<div id="${HARNESS_STAGE_ID}"></div>
<script src="${HARNESS_SCRIPT_PATH}"></script>
</body>
</html>
`;
}
