package org.vehicleupdate.containers.spec;

/**
 * Memory limits as the desired state wrote them ({@code 200M}); an empty text means not set.
 *
 * @param swap a size or {@code -1} for unlimited
 */
public record MemoryLimits(String memory, String reservation, String swap) {
    public static final MemoryLimits NONE = new MemoryLimits("", "", "");

    public boolean isSet() {
        return !memory.isEmpty() || !reservation.isEmpty() || !swap.isEmpty();
    }

    public long memoryBytes() {
        return memory.isEmpty() ? 0 : ByteSize.parse(memory);
    }

    public long reservationBytes() {
        return reservation.isEmpty() ? 0 : ByteSize.parse(reservation);
    }

    /** -1 for unlimited, 0 when not set (the runtime then uses twice the memory). */
    public long swapBytes() {
        if (swap.isEmpty()) {
            return 0;
        }
        return swap.equals("-1") ? -1 : ByteSize.parse(swap);
    }
}
