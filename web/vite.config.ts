// The Vite build of the web app: static files into dist/, served by `chanjiao serve --web`.
// During development, /api is proxied to a running server (CHANJIAO_API, default :8080).
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import { fileURLToPath, URL } from 'node:url'

export default defineConfig({
  plugins: [vue()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  server: {
    proxy: { '/api': process.env.CHANJIAO_API || 'http://127.0.0.1:8080' }
  },
  build: {
    outDir: 'dist',
    chunkSizeWarningLimit: 1500,
  },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node'
  }
} as any)
