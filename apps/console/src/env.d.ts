/// <reference types="vite/client" />

// Fallback for tools without Vue support (the type-aware ESLint pass); vue-tsc resolves the real SFC types.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
