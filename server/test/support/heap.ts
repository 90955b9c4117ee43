import v8 from 'node:v8';
import vm from 'node:vm';

/** A real gc(), without starting Jest with --expose-gc. */
export function forcedGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

/** The heap in use after collecting a few times, a turn apart (weak references clear between turns). */
export async function heapAfterGc(gc: () => void): Promise<number> {
  for (let i = 0; i < 5; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return process.memoryUsage().heapUsed;
}
