package org.newton4j.device;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The buffers a native backend has handed out and not yet freed, so closing the backend frees them all. */
public final class BufferRegistry<B extends DeviceBuffer> {
    private final Set<B> live = ConcurrentHashMap.newKeySet();

    public void add(B buffer) { live.add(buffer); }

    public void remove(B buffer) { live.remove(buffer); }

    public int size() { return live.size(); }

    /** Closes every buffer still registered. */
    public void closeAll() {
        List<B> all = new ArrayList<>(live);
        for (B b : all) b.close();
        live.clear();
    }
}
