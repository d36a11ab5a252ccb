package pairs;

import io.github.asyncgraalpy.examples.JavaTwin;
import io.github.asyncgraalpy.examples.PythonHalf;
import io.github.asyncgraalpy.runtime.PythonContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.HostAccess;

/** greet_later.py's scenario with a Java greeter: Python awaits the CompletableFuture each greeting is. */
public class GreetLater implements JavaTwin {

    public static class Greeter {
        @HostAccess.Export
        public Greeter() {}

        @HostAccess.Export
        public CompletionStage<String> greet(String name) {
            return CompletableFuture.supplyAsync(() -> "hello, " + name,
                    CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS));
        }
    }

    @Override
    public void run(PythonContext python, PythonHalf script) {
        script.runWith(python, python.javaType(Greeter.class));
    }
}
