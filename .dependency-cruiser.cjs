/**
 * Keeps the architecture's arrows pointing one way (ARCHITECTURE.md):
 * random, model → scenario → engine → montecarlo → analysis; adapters (cli, server, store, queue, web)
 * depend on those and never the reverse. The engine is pure: no node: built-ins.
 */
const layer = (name) => `^src/${name}/`;
module.exports = {
  forbidden: [
    { name: 'random-is-a-leaf', severity: 'error', from: { path: layer('random') }, to: { path: '^src/(?!random/)' } },
    { name: 'model-depends-on-random-only', severity: 'error', from: { path: layer('model') }, to: { path: '^src/(scenario|engine|montecarlo|analysis|calibration|cli|server|store|queue)/' } },
    { name: 'scenario-below-engine', severity: 'error', from: { path: layer('scenario') }, to: { path: '^src/(engine|montecarlo|analysis|calibration|cli|server|store|queue)/' } },
    { name: 'engine-below-montecarlo', severity: 'error', from: { path: layer('engine') }, to: { path: '^src/(montecarlo|analysis|calibration|cli|server|store|queue)/' } },
    { name: 'montecarlo-below-analysis', severity: 'error', from: { path: layer('montecarlo') }, to: { path: '^src/(analysis|calibration|cli|server|store|queue)/' } },
    { name: 'analysis-below-adapters', severity: 'error', from: { path: layer('analysis') }, to: { path: '^src/(calibration|cli|server|store|queue)/' } },
    { name: 'calibration-below-adapters', severity: 'error', from: { path: layer('calibration') }, to: { path: '^src/(cli|server|store|queue)/' } },
    { name: 'pure-core-no-node-builtins', severity: 'error', from: { path: '^src/(random|model|engine|analysis)/', pathNot: '\\.test\\.ts$' }, to: { dependencyTypes: ['core'] } },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.test\\.ts$' },
  },
};
