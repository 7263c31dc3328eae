import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// Absolute paths: the root script runs `vite build --config apps/console/vite.config.mts` from the repo root.
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const lib = (name: string) => here(`../../libs/${name}/src/index.ts`);
const coreUrl = `http://127.0.0.1:${process.env.FEIJIU_PORT || 3000}`;

export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [vue()],
  resolve: {
    alias: {
      '@feijiu/contracts': lib('contracts'),
      '@feijiu/clinical': lib('clinical'),
      '@feijiu/geo': lib('geo'),
    },
  },
  define: {
    // vue-i18n esm-bundler feature flags: composition API only, no devtools in production.
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: {
      '/api': { target: coreUrl, changeOrigin: true },
      '/health': { target: coreUrl, changeOrigin: true },
      '/socket.io': { target: coreUrl, changeOrigin: true, ws: true },
    },
  },
});
