/**
 * Runs async jobs one at a time, in call order. An onnxruntime session must not run
 * overlapping `run()` calls (WebGPU sessions fail on them), so every run goes through one.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(job, job);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
