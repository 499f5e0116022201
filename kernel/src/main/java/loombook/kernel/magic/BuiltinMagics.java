package loombook.kernel.magic;

/** The magics every notebook has. Later features register theirs next to these. */
public final class BuiltinMagics {
    private BuiltinMagics() {}

    /** A registry with the kernel's magics. */
    public static Magics create() {
        Magics m = new Magics();
        m.register(new LsMagic());
        m.register(new MavenMagic());
        m.register(new ClasspathMagic());
        m.register(new LoadMagic());
        TimeMagic time = new TimeMagic();
        m.register((CellMagic) time);
        m.register((LineMagic) time);
        m.register(new ProcessesMagic());
        m.register(new KillMagic());
        m.register(new ThreadsMagic());
        m.register(new RestartRuntimeMagic());
        m.register(new SettingsMagic());
        m.register(new TraceMagic());
        return m;
    }
}
