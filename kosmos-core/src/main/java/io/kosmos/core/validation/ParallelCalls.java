package io.kosmos.core.validation;

import io.kosmos.api.ModelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * Runs a validator's model calls for several findings at once, on virtual threads, at most a given
 * number at a time; the model client's own limits (concurrent requests, requests per minute) apply
 * on top. Results come back in the order of the inputs, and the first failure is rethrown as it
 * was.
 */
final class ParallelCalls {

  private ParallelCalls() {}

  static <T, R> List<R> map(List<T> items, int parallel, Function<T, R> call) {
    if (items.size() <= 1 || parallel <= 1) {
      List<R> out = new ArrayList<>(items.size());
      for (T item : items) {
        out.add(call.apply(item));
      }
      return out;
    }
    Semaphore slots = new Semaphore(parallel);
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<R>> futures = new ArrayList<>();
      for (T item : items) {
        futures.add(
            threads.submit(
                () -> {
                  slots.acquire();
                  try {
                    return call.apply(item);
                  } finally {
                    slots.release();
                  }
                }));
      }
      List<R> out = new ArrayList<>(items.size());
      for (Future<R> future : futures) {
        out.add(result(future));
      }
      return out;
    }
  }

  private static <R> R result(Future<R> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelException("interrupted while the findings were judged", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new ModelException("judging the findings failed: " + e.getCause(), e.getCause());
    }
  }
}
