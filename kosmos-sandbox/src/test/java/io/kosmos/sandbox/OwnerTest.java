package io.kosmos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OwnerTest {
  @Test
  void thisJvmIsAlive() {
    assertThat(Owner.self().isDead()).isFalse();
    assertThat(Owner.fromLabels(Owner.self().labels())).contains(Owner.self());
  }

  @Test
  void aGonePidOrAReusedPidIsDead() {
    Owner self = Owner.self();
    assertThat(new Owner("other", Integer.MAX_VALUE - 7, self.host(), 0).isDead()).isTrue();
    // Same pid as this JVM but another start time: the pid was reused.
    assertThat(new Owner("other", self.pid(), self.host(), self.startMillis() - 60_000).isDead())
        .isTrue();
    assertThat(new Owner("other", self.pid(), self.host(), self.startMillis()).isDead()).isFalse();
  }

  @Test
  void anOwnerOnAnotherHostIsNeverJudgedDead() {
    assertThat(new Owner("other", Integer.MAX_VALUE - 7, "elsewhere", 0).isDead()).isFalse();
  }
}
