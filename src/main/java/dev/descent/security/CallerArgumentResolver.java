package dev.descent.security;

import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

/** Hands controllers the {@link Caller} that {@link ApiKeyFilter} found, as a plain method parameter. */
@Component
public class CallerArgumentResolver implements HandlerMethodArgumentResolver, WebMvcConfigurer {

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer container, NativeWebRequest request,
                                  WebDataBinderFactory binderFactory) {
        Object caller = request.getAttribute(ApiKeyFilter.CALLER, RequestAttributes.SCOPE_REQUEST);
        if (caller == null) {
            // fail closed: a handler that acts for someone must never run for a request the filter did not see
            throw new IllegalStateException("no caller for " + request.getDescription(false) + ": the request did not pass ApiKeyFilter");
        }
        return (Caller) caller;
    }
}
