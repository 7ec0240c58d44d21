package org.vehicleupdate.containers.store;

import org.vehicleupdate.containers.spec.ContainerSpec;
import org.vehicleupdate.containers.spec.DeviceMapping;
import org.vehicleupdate.containers.spec.ExtraHost;
import org.vehicleupdate.containers.spec.LogSettings;
import org.vehicleupdate.containers.spec.MemoryLimits;
import org.vehicleupdate.containers.spec.MountPoint;
import org.vehicleupdate.containers.spec.PortMapping;
import org.vehicleupdate.containers.spec.RestartPolicy;
import org.vehicleupdate.kit.journal.RecordReader;
import org.vehicleupdate.kit.journal.RecordWriter;

/** A {@link ContainerSpec} in the journal, field by field; {@code imageDigest} since record version 2. */
final class SpecCodec {
    private SpecCodec() {
    }

    static void write(ContainerSpec spec, RecordWriter fields) {
        fields.text("name", spec.name()).text("image", spec.image()).text("imageDigest", spec.imageDigest())
                .texts("env", spec.env()).texts("cmd", spec.cmd())
                .objects("ports", spec.ports(), (p, w) -> w.text("hostIp", p.hostIp()).number("hostPort", p.hostPort())
                        .number("hostPortEnd", p.hostPortEnd()).number("containerPort", p.containerPort())
                        .text("protocol", p.protocol()))
                .objects("devices", spec.devices(), (d, w) -> w.text("hostPath", d.hostPath())
                        .text("containerPath", d.containerPath()).text("permissions", d.permissions()))
                .objects("mounts", spec.mounts(), (m, w) -> w.text("source", m.source())
                        .text("destination", m.destination()).text("propagation", m.propagation()))
                .objects("hosts", spec.hosts(), (h, w) -> w.text("name", h.name()).text("address", h.address()))
                .text("network", spec.network()).flag("privileged", spec.privileged())
                .flag("terminal", spec.terminal()).flag("interactive", spec.interactive())
                .object("restartPolicy", w -> w.text("type", spec.restartPolicy().type())
                        .number("maxRetries", spec.restartPolicy().maxRetries())
                        .number("timeoutSeconds", spec.restartPolicy().timeoutSeconds()))
                .object("log", w -> w.text("driver", spec.log().driver()).number("maxFiles", spec.log().maxFiles())
                        .text("maxSize", spec.log().maxSize()).text("path", spec.log().path())
                        .text("mode", spec.log().mode()).text("maxBufferSize", spec.log().maxBufferSize()))
                .object("memory", w -> w.text("memory", spec.memory().memory())
                        .text("reservation", spec.memory().reservation()).text("swap", spec.memory().swap()));
    }

    static ContainerSpec read(RecordReader fields, int version) {
        ContainerSpec spec = new ContainerSpec(fields.text("name"), fields.text("image"),
                version >= 2 ? fields.text("imageDigest") : "", fields.texts("env"),
                fields.texts("cmd"),
                fields.objects("ports").stream().map(p -> ended(p, new PortMapping(p.text("hostIp"),
                        p.integer("hostPort"), p.integer("hostPortEnd"), p.integer("containerPort"),
                        p.text("protocol")))).toList(),
                fields.objects("devices").stream().map(d -> ended(d, new DeviceMapping(d.text("hostPath"),
                        d.text("containerPath"), d.text("permissions")))).toList(),
                fields.objects("mounts").stream().map(m -> ended(m, new MountPoint(m.text("source"),
                        m.text("destination"), m.text("propagation")))).toList(),
                fields.objects("hosts").stream().map(h -> ended(h, new ExtraHost(h.text("name"),
                        h.text("address")))).toList(),
                fields.text("network"), fields.flag("privileged"), fields.flag("terminal"), fields.flag("interactive"),
                restartPolicy(fields.object("restartPolicy")), log(fields.object("log")),
                memory(fields.object("memory")));
        fields.end();
        return spec;
    }

    private static RestartPolicy restartPolicy(RecordReader r) {
        return ended(r, new RestartPolicy(r.text("type"), r.integer("maxRetries"), r.integer("timeoutSeconds")));
    }

    private static LogSettings log(RecordReader l) {
        return ended(l, new LogSettings(l.text("driver"), l.integer("maxFiles"), l.text("maxSize"), l.text("path"),
                l.text("mode"), l.text("maxBufferSize")));
    }

    private static MemoryLimits memory(RecordReader m) {
        return ended(m, new MemoryLimits(m.text("memory"), m.text("reservation"), m.text("swap")));
    }

    /** Every nested object is read whole: a field it does not know is refused. */
    private static <T> T ended(RecordReader fields, T value) {
        fields.end();
        return value;
    }
}
