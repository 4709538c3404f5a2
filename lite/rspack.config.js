// The JupyterLite application of the course's browser edition, built the way JupyterLite's own
// app/ is (jupyterlite/jupyterlite v0.8.1, app/rspack.config.js, BSD-3-Clause, see app/LICENSE):
// one "lab" app whose plugins are listed in app/lab/package.json, a module-federation container
// whose shared map comes from that file, JupyterLab's schemas and themes copied by
// @jupyter/builder. Our additions: TypeScript sources (the kernel in kernel/src, nnlib's
// lib/src) compiled by rspack's built-in swc, the kernel's Web Worker, and nnlib's browser
// platform in place of its Node one.
//
// Run by build.mjs (`npm run lite`), which first writes build/nnlib-modules.ts. Output: <repo>/site/.
const path = require('path');
const fs = require('fs-extra');
const glob = require('glob');
const rspack = require('@rspack/core');
const merge = require('webpack-merge').default;
const Handlebars = require('handlebars');
const Build = require('@jupyter/builder').Build;
const WPPlugin = require('@jupyter/builder').WPPlugin;
const baseConfig = require('@jupyter/builder/lib/webpack.config.base');

const { ModuleFederationPlugin } = rspack.container;
const { HtmlRspackPlugin } = rspack;

const LITE = __dirname;
const REPO = path.resolve(LITE, '..');
const APP = path.join(LITE, 'app');
const GENERATED = path.join(LITE, 'build');
const SITE = process.env.LITE_SITE_DIR || path.join(REPO, 'site');
const STATIC = path.join(SITE, 'build');
const NAME = 'lab';
const appData = require('./app/lab/package.json');
const production = process.env.LITE_MODE !== 'development';

Handlebars.registerHelper('ispage', (key, page) => key === page);

/** The version npm installed of `pkg` (read from disk: some packages do not export their package.json). */
function installedVersion(pkg) {
  return fs.readJSONSync(path.join(LITE, 'node_modules', pkg, 'package.json')).version;
}

/** The module-federation `shared` map (JupyterLite's createShared, for one app). */
function createShared(packageData) {
  const shared = {};
  const extensionPackages = packageData.jupyterlab.extensions;
  // JupyterLite pins these with yarn "resolutions", which npm ignores: require the versions npm
  // installed (one copy each, all in this one container). A range they do not satisfy would make
  // module federation load a second copy (two yjs: "Not same Y.Doc", documents that never load).
  for (const pkg of Object.keys(packageData.resolutions)) {
    shared[pkg] = { requiredVersion: `~${installedVersion(pkg)}` };
  }
  for (const pkg of extensionPackages) {
    if (!shared[pkg]) shared[pkg] = { requiredVersion: require(`${pkg}/package.json`).version };
  }
  const extraShared = [];
  for (const pkg of extensionPackages) {
    const pkgShared = {};
    const { dependencies = {}, jupyterlab: { sharedPackages = {} } = {} } = require(`${pkg}/package.json`);
    for (const [dep, requiredVersion] of Object.entries(dependencies)) {
      if (!shared[dep]) pkgShared[dep] = { requiredVersion };
    }
    for (const [dep, config] of Object.entries(sharedPackages)) {
      if (config === false) {
        delete pkgShared[dep];
      } else {
        if ('bundled' in config) {
          config.import = config.bundled;
          delete config.bundled;
        }
        pkgShared[dep] = config;
      }
    }
    extraShared.push(pkgShared);
  }
  const mergedShare = {};
  for (const sharedConfig of extraShared) {
    for (const [pkg, config] of Object.entries(sharedConfig)) {
      if (shared[pkg]) continue;
      if (!mergedShare[pkg] || mergedShare[pkg].import === false) mergedShare[pkg] = config;
    }
  }
  Object.assign(shared, mergedShare);
  for (const [pkg, { requiredVersion }] of Object.entries(shared)) {
    if (requiredVersion && requiredVersion.startsWith('file:')) {
      shared[pkg].requiredVersion = require(`${pkg}/package.json`).version;
    }
  }
  for (const pkg of packageData.jupyterlab.singletonPackages) {
    if (shared[pkg]) shared[pkg].singleton = true;
  }
  return shared;
}

// ─── the app's generated entry (index.js, bootstrap.js, publicpath.js, style.js) ────────────
const buildDir = path.join(GENERATED, NAME);
fs.ensureDirSync(buildDir);
const packageNames = appData.jupyterlab.extensions;
const extensionAssetConfig = Build.ensureAssets({
  packageNames,
  output: buildDir,
  schemaOutput: STATIC,
  themeOutput: STATIC,
});
const extensions = {};
const mimeExtensions = {};
for (const key of packageNames) {
  const { jupyterlab: { extension, mimeExtension } } = require(`${key}/package.json`);
  if (extension !== undefined) extensions[key] = extension === true ? '' : extension;
  if (mimeExtension !== undefined) mimeExtensions[key] = mimeExtension === true ? '' : mimeExtension;
}
const { appClassName, appModuleName, disabledExtensions } = appData.jupyterlab;
const template = Handlebars.compile(fs.readFileSync(path.join(APP, 'index.template.js')).toString());
fs.writeFileSync(
  path.join(buildDir, 'index.js'),
  template({ name: NAME, appClassName, appModuleName, extensions, mimeExtensions, disabledExtensions }),
);
fs.copySync(path.join(APP, 'bootstrap.js'), path.join(buildDir, 'bootstrap.js'));
fs.copySync(path.join(APP, 'publicpath.js'), path.join(buildDir, 'publicpath.js'));
const indexTemplate = Handlebars.compile(fs.readFileSync(path.join(APP, 'index.template.html')).toString());
fs.writeFileSync(path.join(buildDir, 'index.template.html'), indexTemplate({ name: NAME }));

/** Writes build/schemas/all.json once the schemas are in place (as JupyterLite's app does). */
class CompileSchemasPlugin {
  apply(compiler) {
    compiler.hooks.done.tapAsync('CompileSchemasPlugin', (compilation, callback) => {
      const schemaDir = path.join(STATIC, 'schemas');
      const files = glob.sync(`${schemaDir}/**/*.json`, { ignore: [`${schemaDir}/all*.json`] });
      const all = files.map((file) => {
        const schema = fs.readJSONSync(file);
        const pluginFile = file.replace(`${schemaDir}/`, '');
        const basename = path.basename(pluginFile, '.json');
        const dirname = path.dirname(pluginFile);
        const packageJson = fs.readJSONSync(path.resolve(schemaDir, dirname, 'package.json.orig'));
        return { id: `${dirname}:${basename}`, raw: '{}', schema, settings: {}, version: packageJson.version };
      });
      fs.writeFileSync(path.join(schemaDir, 'all.json'), JSON.stringify(all));
      callback();
    });
  }
}

/** Copies the service worker to the site's root (it must be served from there). */
class ServiceWorkerPlugin {
  apply(compiler) {
    compiler.hooks.done.tapAsync('ServiceWorkerPlugin', (compilation, callback) => {
      fs.copyFileSync(path.join(STATIC, 'service-worker.js'), path.join(SITE, 'service-worker.js'));
      callback();
    });
  }
}

// Third-party licences of everything bundled, as JupyterLite ships them (build/third-party-licenses.json).
const jupyterliteLicenseText = fs.readFileSync(path.join(APP, 'LICENSE'), 'utf-8');
const licensePlugin = new WPPlugin.JSONLicenseWebpackPlugin({
  licenseTypeOverrides: { 'localforage-memoryStorageDriver': 'Apache-2.0', khroma: 'MIT' },
  handleMissingLicenseText: (packageName) => (packageName.startsWith('@jupyterlite/') ? jupyterliteLicenseText : null),
});

const swcTypeScript = {
  loader: 'builtin:swc-loader',
  options: {
    jsc: {
      parser: { syntax: 'typescript' },
      target: 'es2022',
      transform: { useDefineForClassFields: true },
    },
  },
};

module.exports = [
  merge(baseConfig, {
    mode: production ? 'production' : 'development',
    devtool: false,
    context: LITE,
    entry: {
      [`${NAME}/bundle`]: path.join(buildDir, 'bootstrap.js'),
      [`${NAME}/publicpath`]: path.join(buildDir, 'publicpath.js'),
    },
    resolve: {
      extensions: ['.ts', '...'],
      fallback: { util: false, fs: false, path: false, crypto: false, module: false },
      alias: {
        // nnlib, bundled for the browser: build.mjs lists its entry points in build/nnlib-modules.ts.
        'nnlib-modules': path.join(GENERATED, 'nnlib-modules.ts'),
        'nnlib-browser': path.join(REPO, 'lib', 'src', 'browser.ts'),
        // nnlib's Node platform (files, process, tslab) is left out: lib/src/browser.ts installs the browser one.
        [path.join(REPO, 'lib', 'src', 'platform', 'node.ts')]: false,
      },
    },
    output: {
      path: STATIC,
      library: { type: 'var', name: ['_JUPYTERLAB', 'CORE_OUTPUT'] },
      filename: '[name].js?_=[contenthash:7]',
      chunkFilename: '[name].[contenthash:7].js',
      assetModuleFilename: '[name][ext][query]',
    },
    ignoreWarnings: [
      { module: /mathjax-full/, message: /__dirname/ },
      // typescript.js probes for Node (__filename, a dynamic require) and falls back when it is not there.
      { module: /typescript[\\/]lib[\\/]typescript\.js/ },
      /license-webpack-plugin: could not find any license file for/,
    ],
    module: {
      rules: [
        { test: /\.ts$/, exclude: /\.d\.ts$/, use: [swcTypeScript], type: 'javascript/auto' },
        { resourceQuery: /raw/, type: 'asset/source' },
        { test: /fontawesome-free.*\.(svg|eot|ttf|woff)$/, exclude: /fontawesome-free.*\.woff2$/ },
        { test: /\.(jpe?g|png|gif|ico|eot|ttf|map|woff2?)(\?v=\d+\.\d+\.\d+)?$/i, type: 'asset/resource' },
        { resourceQuery: /text/, type: 'asset/resource', generator: { filename: '[name][ext]' } },
      ],
    },
    optimization: {
      moduleIds: 'deterministic',
      // Minified, but with class and function names kept: the kernel prints values as Node does
      // (`History { … }`), and errors by their names.
      minimizer: [
        new rspack.SwcJsMinimizerRspackPlugin({
          minimizerOptions: {
            compress: { keep_classnames: true, keep_fnames: true },
            mangle: { keep_classnames: true, keep_fnames: true },
          },
        }),
        new rspack.LightningCssMinimizerRspackPlugin(),
      ],
      splitChunks: {
        chunks: 'all',
        cacheGroups: {
          jlab_core: { test: /[\\/]node_modules[\\/]@(jupyterlab|lumino(?!\/datagrid))[\\/]/, name: 'jlab_core' },
        },
      },
    },
    performance: { hints: false },
    plugins: [
      licensePlugin,
      new ModuleFederationPlugin({
        library: { type: 'var', name: ['_JUPYTERLAB', 'CORE_LIBRARY_FEDERATION'] },
        name: 'CORE_FEDERATION',
        shared: createShared(appData),
      }),
      new CompileSchemasPlugin(),
      new HtmlRspackPlugin({
        inject: false,
        minify: false,
        title: appData.jupyterlab.title,
        filename: `../${NAME}/index.html`,
        template: path.join(buildDir, 'index.template.html'),
        chunks: [`${NAME}/bundle`, `${NAME}/publicpath`],
        templateParameters: (params) => {
          const bundleFile = params.htmlRspackPlugin.files.js.find((f) => f.includes(`${NAME}/bundle`));
          return { ...params, bundleFile, cacheBuster: bundleFile?.split('?')[1] ?? '' };
        },
      }),
      new ServiceWorkerPlugin(),
    ],
  }),
].concat(extensionAssetConfig);
