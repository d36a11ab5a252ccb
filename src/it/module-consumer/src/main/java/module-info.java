/** The quotes service of src/it/consumer as a module: Python may construct its classes, so it exports them. */
module com.example.quotes {
    requires io.github.asyncgraalpy;
    exports com.example.quotes;
}
