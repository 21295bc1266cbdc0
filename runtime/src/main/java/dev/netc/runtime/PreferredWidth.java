package dev.netc.runtime;

import jdk.incubator.vector.FloatVector;

/**
 * The preferred vector width, in a class of its own: it links against the Vector API, so it is
 * loaded only once {@link VectorSupport} has checked the module is there.
 */
final class PreferredWidth {
  static final int BITS = FloatVector.SPECIES_PREFERRED.vectorBitSize();

  private PreferredWidth() {}
}
