/**
 * The entry of the live report's browser bundle (scripts/build.mjs bundles it with esbuild into
 * dist/live/payback-live.js, global `PaybackLive`): the page script and the engine it runs.
 */
export { mount, type LiveData } from './page.js'
export { applyWhatIf, changedControls, liveView } from './what-if.js'
