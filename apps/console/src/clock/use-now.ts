import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';

/** Date.now(), refreshed every `intervalMs` while the component is mounted (clocks and ages). */
export function useNow(intervalMs = 500): Ref<number> {
  const nowMs = ref(Date.now());
  let timer: ReturnType<typeof setInterval> | null = null;
  onMounted(() => {
    timer = setInterval(() => (nowMs.value = Date.now()), intervalMs);
  });
  onBeforeUnmount(() => {
    if (timer !== null) clearInterval(timer);
  });
  return nowMs;
}
